/**
 * The deterministic Raft simulator: one seed drives simulated nodes, disks, network, clients and
 * faults through one event queue; invariants are checked after every event and the client
 * history is checked for linearizability at the end. See docs/simulator.md.
 */
package ketch.raft.sim;
