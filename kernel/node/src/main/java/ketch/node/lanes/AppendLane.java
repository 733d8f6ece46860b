package ketch.node.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ketch.api.raft.Message;
import ketch.api.spi.LogStore;
import ketch.api.spi.Transport;
import ketch.node.snapshot.SnapshotFiles;
import ketch.raft.Snapshot;

/**
 * The append lane: the log store's only writer. Each turn it writes every queued Ready, then
 * syncs once for all of them (group commit), then releases the messages that had to wait for
 * durability and tells the raft lane how far the log is stable.
 */
final class AppendLane extends Lane<PersistJob> {
    /** Reports durable progress back to the raft lane. */
    interface Progress {
        /** The log up to (index, term) is durable (or the snapshot at (index, term)). */
        void persisted(long index, long term);

        /** {@code writes} Write jobs are now durable (after {@link #persisted}, if that was reported). */
        void synced(int writes);
    }

    private final LogStore store;
    private final SnapshotFiles snapshots;
    private final Transport transport;
    private final Progress progress;
    private final Consumer<Throwable> fatal;
    /** Term and vote of the last hard state synced: a change to either must be durable before messages leave. */
    private long syncedTerm;
    private long syncedVote;

    AppendLane(LogStore store, SnapshotFiles snapshots, Transport transport, Progress progress, Consumer<Throwable> fatal) {
        super("ketch-append");
        this.store = store;
        this.snapshots = snapshots;
        this.transport = transport;
        this.progress = progress;
        this.fatal = fatal;
        this.syncedTerm = store.hardState().term();
        this.syncedVote = store.hardState().vote();
    }

    @Override
    protected void process(List<PersistJob> batch) {
        List<Message> release = new ArrayList<>();
        long lastIndex = 0;
        long lastTerm = 0;
        int writes = 0;
        boolean mustSync = false;
        for (PersistJob job : batch) {
            switch (job) {
                case PersistJob.Write w -> {
                    writes++;
                    mustSync |= SyncRule.mustSync(w, syncedTerm, syncedVote);
                    if (w.snapshot().isPresent()) {
                        Snapshot snap = w.snapshot().get();
                        // Keep the leader's snapshot bytes durably before the log forgets what they cover.
                        snapshots.save(snap.metadata().index(), snap.metadata().term(), snap.data().toByteArray());
                        store.applySnapshot(snap.metadata());
                        lastIndex = snap.metadata().index();
                        lastTerm = snap.metadata().term();
                    }
                    if (!w.entries().isEmpty()) {
                        store.append(w.entries());
                        lastIndex = w.entries().getLast().index();
                        lastTerm = w.entries().getLast().term();
                    }
                    w.hardState().ifPresent(store::setHardState);
                    release.addAll(w.messagesAfterPersist());
                }
                case PersistJob.Compact c -> {
                    store.applySnapshot(c.snapshot());
                    store.compact(c.upTo());
                    mustSync = true;
                }
            }
        }
        // One fsync for the whole turn (group commit), and none for a turn that only moves the commit
        // index: that hard state is written with the next sync (Raft restarts from an older commit safely).
        if (mustSync) {
            store.sync();
            syncedTerm = store.hardState().term();
            syncedVote = store.hardState().vote();
        }
        if (!release.isEmpty()) transport.send(release);
        if (lastIndex > 0) progress.persisted(lastIndex, lastTerm);
        progress.synced(writes);
    }

    @Override
    protected void onFailure(Throwable cause) {
        fatal.accept(cause);
    }
}
