package ketch.kv;

import java.util.List;

/**
 * A whole state machine as a backend holds it, for {@link KvStateMachine#load}: every retained
 * version in (main, sub) order, every lease, and the counters.
 */
public record PersistedState(long revision, long compactRevision, long appliedIndex, List<StateChanges.Version> versions,
        List<StateChanges.Lease> leases) {
    public PersistedState {
        versions = List.copyOf(versions);
        leases = List.copyOf(leases);
    }
}
