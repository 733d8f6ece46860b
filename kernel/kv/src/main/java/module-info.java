/**
 * The etcd state machine: MVCC keyspace, ranges, txn, compaction, leases, the replicated command
 * codec, snapshots, hashes and the watch hub. Deterministic: no threads, I/O, clock or randomness.
 */
module ketch.kv {
    requires transitive ketch.api;

    exports ketch.kv;
    exports ketch.kv.watch;
    exports ketch.kv.members;
}
