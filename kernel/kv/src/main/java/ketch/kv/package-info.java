/**
 * The etcd key-value state machine: MVCC revisions, ranges, txn, compaction and leases
 * ({@link ketch.kv.KvStateMachine}), the replicated command and its codec
 * ({@link ketch.kv.KvCommand}, {@link ketch.kv.KvCommandCodec}) and the stateless request checks
 * ({@link ketch.kv.RequestValidator}).
 */
package ketch.kv;
