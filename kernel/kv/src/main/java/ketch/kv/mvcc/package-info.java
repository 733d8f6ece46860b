/** The multi-version keyspace: per-key revision history, reads at a revision, write batches, compaction. */
package ketch.kv.mvcc;
