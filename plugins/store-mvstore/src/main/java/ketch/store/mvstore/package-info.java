/**
 * The {@code mvstore} log store: Raft entries and hard state in one H2 MVStore file, made
 * durable by an explicit commit plus fsync per {@code sync()}.
 */
package ketch.store.mvstore;
