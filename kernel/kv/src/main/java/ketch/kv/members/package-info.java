/**
 * The replicated member table, etcd's membership store: who is in the cluster (id, name, peer
 * and client URLs, learner or voter), changed only by applied log entries and kept in snapshots.
 */
package ketch.kv.members;
