/** The etcd key-value state machine: MVCC revisions, ranges, txn, compaction. */
package ketch.kv;
