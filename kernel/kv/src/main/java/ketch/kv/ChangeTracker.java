package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import ketch.api.Bytes;
import ketch.kv.lease.LeaseTable;
import ketch.kv.mvcc.KeyVersion;
import ketch.kv.mvcc.VersionListener;

/** Collects the versions and leases that changed until the next drain. */
final class ChangeTracker implements VersionListener {
    private List<StateChanges.Version> added = new ArrayList<>();
    private List<StateChanges.Version> removed = new ArrayList<>();
    private TreeSet<Long> leases = new TreeSet<>(); // current state read at drain time
    private boolean sectionsChanged;

    @Override
    public void added(Bytes key, KeyVersion v) {
        added.add(version(key, v));
    }

    @Override
    public void removed(Bytes key, KeyVersion v) {
        removed.add(version(key, v));
    }

    void leaseChanged(long id) {
        leases.add(id);
    }

    void sectionsChanged() {
        sectionsChanged = true;
    }

    StateChanges drain(LeaseTable table, long revision, long compactRevision, long appliedIndex, Supplier<Bytes> sections) {
        List<StateChanges.Lease> live = new ArrayList<>();
        List<Long> revoked = new ArrayList<>();
        for (long id : leases) {
            table.get(id).ifPresentOrElse(l -> live.add(new StateChanges.Lease(l.id(), l.ttl(), l.remainingTtl())), () -> revoked.add(id));
        }
        StateChanges out = new StateChanges(added, removed, live, revoked, revision, compactRevision, appliedIndex,
                sectionsChanged ? Optional.of(sections.get()) : Optional.empty());
        sectionsChanged = false;
        added = new ArrayList<>();
        removed = new ArrayList<>();
        leases = new TreeSet<>();
        return out;
    }

    static StateChanges.Version version(Bytes key, KeyVersion v) {
        return new StateChanges.Version(key, v.main(), v.sub(), v.createRevision(), v.version(), v.lease(), v.tombstone(), v.value());
    }
}
