package ketch.node.backend;

import java.util.OptionalLong;
import ketch.api.env.Clock;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;
import ketch.kv.KvStateMachine;
import ketch.kv.StateChanges;

/**
 * Writes the state machine to a {@link KvBackend}: one commit per applied batch (atomic, not
 * forced, like etcd's batch transaction), a sync when {@code syncEveryEntries} entries or
 * {@code syncEveryNanos} have passed since the last one, and always when {@link #syncNow()} is
 * asked before log compaction. A crash loses at most the unsynced batches, which the Raft log
 * still holds and replays.
 */
public final class BackendPersistence implements StatePersistence {
    private final KvBackend backend;
    private final Clock clock;
    private final long syncEveryNanos;
    private final long syncEveryEntries;
    private long committedIndex;
    private volatile long syncedIndex;
    private long lastSyncNanos;
    private boolean closed;

    /**
     * @param storedIndex the applied index the backend already holds durably (0 if new)
     */
    public BackendPersistence(KvBackend backend, Clock clock, long syncEveryNanos, long syncEveryEntries, long storedIndex) {
        this.backend = backend;
        this.clock = clock;
        this.syncEveryNanos = syncEveryNanos;
        this.syncEveryEntries = syncEveryEntries;
        this.committedIndex = storedIndex;
        this.syncedIndex = storedIndex;
        this.lastSyncNanos = clock.nanoTime();
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public void batchApplied(KvStateMachine kv, long appliedTerm) {
        StateChanges changes = kv.drainChanges();
        if (changes.appliedIndex() == committedIndex && changes.isEmpty()) return;
        KvBatch.Builder batch = KvBatch.builder();
        BackendCodec.write(batch, changes, appliedTerm);
        commit(batch, changes.appliedIndex());
        if (committedIndex - syncedIndex >= syncEveryEntries || clock.nanoTime() - lastSyncNanos >= syncEveryNanos) syncNow();
    }

    private void commit(KvBatch.Builder batch, long appliedIndex) {
        backend.commit(batch.build());
        committedIndex = appliedIndex;
    }

    @Override
    public void syncNow() {
        lastSyncNanos = clock.nanoTime();
        if (committedIndex == syncedIndex) return;
        backend.sync();
        syncedIndex = committedIndex;
    }

    @Override
    public void replaced(KvStateMachine kv, long appliedTerm) {
        kv.trackChanges();
        kv.drainChanges(); // everything() below covers it
        KvBatch.Builder batch = KvBatch.builder().clear(BackendCodec.KEY).clear(BackendCodec.LEASE);
        BackendCodec.write(batch, kv.everything(), appliedTerm);
        commit(batch, kv.appliedIndex());
        committedIndex = kv.appliedIndex();
        syncedIndex = -1; // force the sync even if the index did not move
        syncNow();
    }

    @Override
    public void idle() {
        if (committedIndex != syncedIndex && clock.nanoTime() - lastSyncNanos >= syncEveryNanos) syncNow();
    }

    @Override
    public OptionalLong sizeBytes() {
        return OptionalLong.of(backend.sizeBytes());
    }

    /** Off the apply lane: the backend keeps batches committed meanwhile and leaves its content durable. */
    @Override
    public void defragment() {
        backend.defragment();
    }

    @Override
    public long syncedIndex() {
        return syncedIndex;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            syncNow();
        } finally {
            backend.close();
        }
    }
}
