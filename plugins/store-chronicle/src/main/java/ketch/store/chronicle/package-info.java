/**
 * The {@code chronicle} log store: Raft entries as records of a Chronicle Queue, replayed into an
 * in-memory index map at open; hard state and snapshot metadata in a small double-slot state file,
 * both forced to disk by each {@code sync()}.
 */
package ketch.store.chronicle;
