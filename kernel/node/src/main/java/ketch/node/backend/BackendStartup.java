package ketch.node.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import ketch.api.env.Clock;
import ketch.api.kv.Limits;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.PluginConfig;
import ketch.kv.KvStateMachine;
import ketch.node.snapshot.SnapshotFiles;

/**
 * Brings the state machine back at start: from the persistent backend when it holds at least what
 * the newest snapshot holds (then only the log after its applied index is replayed), otherwise
 * (also when a record fails its checksum) from the newest snapshot, and the backend is rewritten
 * from it; otherwise empty.
 */
public final class BackendStartup {
    private static final Logger LOG = Logger.getLogger(BackendStartup.class.getName());
    /** Keys of the backend section the node reads itself (besides the provider's). */
    public static final String SYNC_INTERVAL = "sync-interval";
    public static final String SYNC_ENTRIES = "sync-entries";
    public static final Set<String> NODE_KEYS = Set.of(SYNC_INTERVAL, SYNC_ENTRIES);
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);
    static final long DEFAULT_SYNC_ENTRIES = 10_000;

    private BackendStartup() {}

    /** The restored state machine, the (index, term) it has applied, and where it is kept from now on. */
    public record Started(KvStateMachine kv, long appliedIndex, long appliedTerm, StatePersistence persistence) {}

    /** Reads the snapshot file as a stream: the state is never held twice (as bytes and as objects). */
    private static KvStateMachine restore(SnapshotFiles.Loaded snapshot, long clusterId, long memberId, Limits limits) {
        return snapshot.read(in -> KvStateMachine.restore(in, snapshot.length(), clusterId, memberId, limits));
    }

    /**
     * @param provider the backend's provider; empty for the in-memory backend
     * @param section the node.yaml {@code backend} section
     * @param memberDir {@code <data-dir>/member}; a persistent backend lives in its {@code backend} folder
     */
    public static Started open(Optional<KvBackendProvider> provider, PluginConfig section, Path memberDir, SnapshotFiles snapshots,
            long clusterId, long memberId, Limits limits, Clock clock) {
        var newest = snapshots.newest();
        if (provider.isEmpty()) {
            if (newest.isEmpty()) return new Started(new KvStateMachine(clusterId, memberId, limits), 0, 0, StatePersistence.MEMORY);
            KvStateMachine kv = restore(newest.get(), clusterId, memberId, limits);
            LOG.info("restored the state machine from the snapshot at index " + newest.get().index() + " (revision " + kv.revision() + ")");
            return new Started(kv, newest.get().index(), newest.get().term(), StatePersistence.MEMORY);
        }
        Duration interval = section.duration(SYNC_INTERVAL, DEFAULT_SYNC_INTERVAL);
        if (interval.isNegative()) throw section.error(SYNC_INTERVAL, "expected a duration of 0 or more, got " + interval);
        long entries = section.longValue(SYNC_ENTRIES, DEFAULT_SYNC_ENTRIES);
        if (entries < 1) throw section.error(SYNC_ENTRIES, "expected at least 1, got " + entries);
        KvBackend backend = provider.get().create(section, new KvBackendProvider.Context(memberDir.resolve("backend")));
        try {
            Optional<long[]> stored;
            try {
                stored = BackendCodec.applied(backend);
            } catch (IllegalArgumentException e) {
                LOG.warning("the " + provider.get().type() + " backend's applied index is damaged (" + e.getMessage() + "); rebuilding it");
                stored = Optional.empty();
            }
            long storedIndex = stored.map(a -> a[0]).orElse(0L);
            BackendPersistence persistence = new BackendPersistence(backend, clock, interval.toNanos(), entries, storedIndex);
            if (stored.isPresent() && (newest.isEmpty() || newest.get().index() <= storedIndex)) {
                long started = System.nanoTime();
                try {
                    KvStateMachine kv = KvStateMachine.load(BackendCodec.read(backend), clusterId, memberId, limits);
                    kv.trackChanges();
                    LOG.info("loaded the state machine from the " + provider.get().type() + " backend at index " + storedIndex + " (revision "
                            + kv.revision() + ") in " + (System.nanoTime() - started) / 1_000_000 + " ms; replaying the log after it");
                    return new Started(kv, storedIndex, stored.get()[1], persistence);
                } catch (IllegalArgumentException e) {
                    // The log is only ever compacted behind a snapshot file, so snapshot + log rebuild what the backend held.
                    LOG.warning("the " + provider.get().type() + " backend in " + memberDir.resolve("backend") + " is damaged ("
                            + e.getMessage() + "); rebuilding it from the newest snapshot and the log");
                }
            }
            KvStateMachine kv = new KvStateMachine(clusterId, memberId, limits);
            long index = 0;
            long term = 0;
            if (newest.isPresent()) {
                kv = restore(newest.get(), clusterId, memberId, limits);
                index = newest.get().index();
                term = newest.get().term();
                LOG.info("restored the state machine from the snapshot at index " + index + " (the backend held " + storedIndex
                        + "); rewriting the backend");
            }
            persistence.replaced(kv, term);
            return new Started(kv, index, term, persistence);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
