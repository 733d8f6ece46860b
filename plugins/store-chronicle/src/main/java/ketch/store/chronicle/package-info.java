/**
 * The {@code chronicle} log store: Raft entries as checksummed records of a Chronicle Queue, mapped
 * by an in-memory index (checkpointed to disk, rebuilt by replaying the queue after the checkpoint);
 * hard state and snapshot metadata in a small two-slot state file; both forced by each {@code sync()}.
 */
package ketch.store.chronicle;
