package ketch.node.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ketch.api.raft.Message;
import ketch.api.spi.LogStore;
import ketch.api.spi.Transport;
import ketch.node.snapshot.SnapshotFiles;
import ketch.raft.Acknowledgements;
import ketch.raft.Snapshot;

/**
 * The append lane: the log store's only writer. Each turn it writes every queued Ready, then
 * syncs once for all of them (group commit; no sync when only the commit index changed), then
 * releases the messages that had to wait for durability and tells the raft lane how far the log
 * is stable.
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

    AppendLane(LogStore store, SnapshotFiles snapshots, Transport transport, Progress progress, Consumer<Throwable> fatal) {
        super("ketch-append");
        this.store = store;
        this.snapshots = snapshots;
        this.transport = transport;
        this.progress = progress;
        this.fatal = fatal;
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
                    mustSync |= w.mustSync();
                }
                case PersistJob.Compact c -> {
                    store.applySnapshot(c.snapshot());
                    store.compact(c.upTo());
                    mustSync = true;
                }
            }
        }
        // One fsync for the whole turn (group commit). A turn that only moved the commit index skips
        // it: every earlier turn ended durable, so its acknowledgements promise nothing unsynced.
        if (mustSync) store.sync();
        // one acknowledgement per leader for the whole turn instead of one per append
        if (!release.isEmpty()) transport.send(Acknowledgements.coalesce(release));
        if (lastIndex > 0) progress.persisted(lastIndex, lastTerm);
        progress.synced(writes);
    }

    @Override
    protected void onFailure(Throwable cause) {
        fatal.accept(cause);
    }
}
