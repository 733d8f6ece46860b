package ketch.kv;

import java.util.List;
import ketch.api.Bytes;

/**
 * A whole state machine as a backend holds it, for {@link KvStateMachine#load}: every retained
 * version in (main, sub) order, every lease, the counters, and the other replicated state (alarms)
 * as {@link StateChanges#sections()} encodes it ({@link Bytes#EMPTY} when there is none).
 */
public record PersistedState(long revision, long compactRevision, long appliedIndex, List<StateChanges.Version> versions,
        List<StateChanges.Lease> leases, Bytes sections) {
    public PersistedState {
        versions = List.copyOf(versions);
        leases = List.copyOf(leases);
        java.util.Objects.requireNonNull(sections, "sections");
    }

    /** A state with no other replicated state. */
    public PersistedState(long revision, long compactRevision, long appliedIndex, List<StateChanges.Version> versions,
            List<StateChanges.Lease> leases) {
        this(revision, compactRevision, appliedIndex, versions, leases, Bytes.EMPTY);
    }
}
