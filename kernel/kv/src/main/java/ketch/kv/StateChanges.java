package ketch.kv;

import java.util.List;
import java.util.Optional;
import java.util.Objects;
import ketch.api.Bytes;

/**
 * What changed in a {@link KvStateMachine} since the last {@link KvStateMachine#drainChanges()}:
 * the node writes it to its persistent backend after each applied batch. Applying {@code added}
 * then {@code removed} (in list order) and the lease changes to the previously written state gives
 * the state machine's current content.
 *
 * @param added versions written, in (main, sub) order
 * @param removed versions compaction dropped, in the order it dropped them
 * @param leases leases granted or checkpointed, each with its current state (id order)
 * @param revokedLeases ids of leases revoked (id order)
 * @param revision the store revision now
 * @param compactRevision the compact revision now (-1: never compacted)
 * @param appliedIndex the last applied Raft index
 * @param sections the other replicated state (alarms), encoded whole, when it changed; empty otherwise
 */
public record StateChanges(List<Version> added, List<Version> removed, List<Lease> leases, List<Long> revokedLeases,
        long revision, long compactRevision, long appliedIndex, Optional<Bytes> sections) {
    public StateChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        leases = List.copyOf(leases);
        revokedLeases = List.copyOf(revokedLeases);
        Objects.requireNonNull(sections, "sections");
    }

    /** Changes that leave the other replicated state as it was. */
    public StateChanges(List<Version> added, List<Version> removed, List<Lease> leases, List<Long> revokedLeases,
            long revision, long compactRevision, long appliedIndex) {
        this(added, removed, leases, revokedLeases, revision, compactRevision, appliedIndex, Optional.empty());
    }

    /**
     * One version of a key, as etcd's mvccpb.KeyValue plus its position: written at revision
     * ({@code main}, {@code sub}); a tombstone has no value, lease, create revision or version.
     */
    public record Version(Bytes key, long main, int sub, long createRevision, long version, long lease, boolean tombstone, Bytes value) {
        public Version {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A lease's replicated state: granted TTL and the last checkpointed remaining TTL (0 if none). */
    public record Lease(long id, long ttl, long remainingTtl) {}

    /** True when nothing but the applied index moved. */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && leases.isEmpty() && revokedLeases.isEmpty() && sections.isEmpty();
    }
}
