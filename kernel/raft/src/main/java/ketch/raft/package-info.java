/**
 * The Raft consensus core: {@link ketch.raft.RaftNode} steps messages and ticks and emits
 * {@link ketch.raft.Ready} batches; no threads, no I/O, no clock. Configuration in
 * {@link ketch.raft.RaftConfig}, the stable log read through {@link ketch.raft.RaftStorage}.
 */
package ketch.raft;
