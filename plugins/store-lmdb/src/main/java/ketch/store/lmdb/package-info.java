/**
 * The {@code lmdb} log store: Raft entries and hard state in one LMDB environment, written in one
 * write transaction per {@code sync()}, whose commit is LMDB's own fsync-ordered commit.
 */
package ketch.store.lmdb;
