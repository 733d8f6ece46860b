/** The etcd state machine: MVCC keyspace, txn, compaction, leases, watches. Deterministic. */
module ketch.kv {
    requires transitive ketch.api;

    exports ketch.kv;
    exports ketch.kv.watch;
}
