package ketch.kv;

import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmResponse;
import ketch.api.kv.AlarmType;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.kv.lease.LeaseTable;
import ketch.kv.members.MemberTable;
import ketch.kv.members.MembershipChange;
import ketch.kv.mvcc.KeyRange;
import ketch.kv.mvcc.KeyVersion;
import ketch.kv.mvcc.MvccStore;
import ketch.kv.mvcc.WriteTxn;

/**
 * The etcd key-value state machine the node drives on its apply lane: committed commands in,
 * responses and watch events out. Deterministic (no clock, threads or unordered iteration) and
 * single-threaded: the caller serialises every call. A failed command changes nothing.
 */
public final class KvStateMachine {
    private final long clusterId;
    private final long memberId;
    private final Limits limits;
    private final MvccStore store;
    private final LeaseTable leases;
    private final MemberTable members;
    private final AlarmTable alarms;
    private final TxnApplier applier;
    private long appliedIndex;
    private ChangeTracker tracker; // null until trackChanges()

    public KvStateMachine(long clusterId, long memberId) {
        this(clusterId, memberId, Limits.DEFAULTS);
    }

    public KvStateMachine(long clusterId, long memberId, Limits limits) {
        this(clusterId, memberId, limits, new MvccStore(), new LeaseTable(), new AlarmTable(), new MemberTable(), 0);
    }

    KvStateMachine(long clusterId, long memberId, Limits limits, MvccStore store, LeaseTable leases, AlarmTable alarms,
            MemberTable members, long appliedIndex) {
        this.clusterId = clusterId;
        this.memberId = memberId;
        this.limits = limits;
        this.store = store;
        this.leases = leases;
        this.members = members;
        this.alarms = alarms;
        this.applier = new TxnApplier(store, leases);
        this.appliedIndex = appliedIndex;
    }

    /**
     * Applies the command committed at {@code raftIndex}. Client errors come back as
     * {@link ApplyResult.Failure}; an index at or below {@link #appliedIndex()} is a caller bug and
     * throws IllegalArgumentException.
     */
    public ApplyResult apply(long raftIndex, long raftTerm, KvCommand command) {
        advance(raftIndex);
        try {
            RequestValidator.check(command, limits);
            AlarmGuard.check(command, alarms);
            return switch (command) {
                case KvCommand.Put p -> {
                    applier.checkPut(p.request());
                    yield write(w -> applier.put(p.request(), w, clusterId(), memberId, raftTerm));
                }
                case KvCommand.DeleteRange d -> write(w -> applier.delete(d.request(), w, clusterId(), memberId, raftTerm));
                case KvCommand.Txn t -> txn(t.request(), raftTerm);
                case KvCommand.Compact c -> compact(c.request(), raftTerm);
                case KvCommand.LeaseGrant g -> grant(g, raftTerm);
                case KvCommand.LeaseRevoke r -> revoke(r.id(), raftTerm);
                case KvCommand.LeaseCheckpoint c -> {
                    leases.checkpoint(c.id(), c.remainingTtl());
                    leaseChanged(c.id());
                    yield new ApplyResult.Success(new LeaseCheckpointResponse(header(store.revision(), raftTerm)), List.of());
                }
                case KvCommand.MemberPublish p -> {
                    members.publish(p.id(), p.name(), p.clientUrls());
                    sectionsChanged();
                    yield memberList(raftTerm);
                }
                case KvCommand.MemberUpdate u -> {
                    members.updatePeerUrls(u.id(), u.peerUrls());
                    sectionsChanged();
                    yield memberList(raftTerm);
                }
                case KvCommand.Alarm a -> alarm(a);
            };
        } catch (KvException e) {
            return new ApplyResult.Failure(e);
        }
    }

    /** Marks an entry that carries no kv command (empty or configuration entries) as applied. */
    public void applyNoop(long raftIndex) {
        advance(raftIndex);
    }

    /**
     * Applies the configuration change committed at {@code raftIndex} to the member table, with
     * Raft's rules (a change Raft ignores changes nothing); returns whether the table changed.
     */
    public boolean applyMembership(long raftIndex, MembershipChange change) {
        advance(raftIndex);
        boolean changed = members.apply(change);
        if (changed) sectionsChanged(); // the table is an optional section: a persistent backend stores it again
        return changed;
    }

    /** The members in etcd's order (unsigned id). */
    public List<Member> members() {
        return members.members();
    }

    public Optional<Member> member(long id) {
        return members.member(id);
    }

    /** Whether {@code id} was a member and has been removed. */
    public boolean isRemoved(long id) {
        return members.isRemoved(id);
    }

    /** A read at the applied state; throws KvException for a bad request or revision. */
    public RangeResponse range(RangeRequest request, long raftTerm) {
        RequestValidator.checkRange(request);
        return RangeQuery.run(store, request, store.revision(), header(store.revision(), raftTerm));
    }

    public long revision() {
        return store.revision();
    }

    /** The last compaction's revision, or -1 (etcd's value) if the store was never compacted. */
    public long compactRevision() {
        return store.compactRevision();
    }

    /** An estimate in bytes of everything retained (all versions since compaction), for quotas and status. */
    public long sizeBytes() {
        return store.sizeBytes();
    }

    /** The raised alarms of {@code type} (NONE = all), ordered by member id then type. */
    public List<AlarmMember> alarms(AlarmType type) {
        return alarms.list(type);
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    /** The cluster id the bootstrap entries carried (what a joining member learns), else the one given. */
    public long clusterId() {
        return members.clusterId() != 0 ? members.clusterId() : clusterId;
    }

    /** The cluster id the applied bootstrap entries (or a leader's snapshot) carried; empty until one is applied. */
    public java.util.OptionalLong replicatedClusterId() {
        return members.clusterId() != 0 ? java.util.OptionalLong.of(members.clusterId()) : java.util.OptionalLong.empty();
    }

    public long memberId() {
        return memberId;
    }

    public Optional<LeaseInfo> lease(long id) {
        return leases.get(id).map(l -> new LeaseInfo(l.id(), l.ttl(), l.remainingTtl(), leases.keys(l.id())));
    }

    /** Every lease in id order. */
    public List<LeaseInfo> leases() {
        List<LeaseInfo> out = new ArrayList<>();
        for (LeaseTable.Lease l : leases.all()) out.add(new LeaseInfo(l.id(), l.ttl(), l.remainingTtl(), leases.keys(l.id())));
        return out;
    }

    /**
     * The recorded changes to [{@code key}, {@code rangeEnd}) (etcd's range forms) with revisions in
     * [{@code fromRevision}, {@code toRevision}], exactly as apply emitted them: whole revisions, as
     * many as fit in {@code maxEvents} but at least one, and the revision to continue from (past
     * {@code toRevision} when nothing is left). Throws KvException if {@code fromRevision} is below
     * the compact revision.
     */
    public HistoryChunk history(Bytes key, Bytes rangeEnd, long fromRevision, long toRevision, int maxEvents) {
        if (fromRevision < store.compactRevision()) throw KvException.compacted();
        if (maxEvents < 1) throw new IllegalArgumentException("maxEvents " + maxEvents + " must be at least 1");
        return store.history(new KeyRange(key, rangeEnd), fromRevision, toRevision, maxEvents);
    }

    /** The full state, versioned and checksummed; {@link #restore} reads it back. */
    public byte[] snapshot() {
        return StateCodec.snapshot(store, leases, alarms, members, appliedIndex);
    }

    /** Rebuilds a state machine from {@link #snapshot()}; throws IllegalArgumentException if it is corrupt. */
    public static KvStateMachine restore(byte[] snapshot, long clusterId, long memberId) {
        return restore(snapshot, clusterId, memberId, Limits.DEFAULTS);
    }

    public static KvStateMachine restore(byte[] snapshot, long clusterId, long memberId, Limits limits) {
        return restored(StateCodec.restore(snapshot), clusterId, memberId, limits);
    }

    /** Streams the same bytes as {@link #snapshot()} to {@code output}, in chunks, without holding them whole. */
    public void snapshot(SnapshotOutput output) {
        StateCodec.snapshot(store, leases, alarms, members, appliedIndex, output);
    }

    /** Rebuilds a state machine from a snapshot of {@code length} bytes read as a stream; throws IllegalArgumentException if it is corrupt. */
    public static KvStateMachine restore(SnapshotInput input, long length, long clusterId, long memberId, Limits limits) {
        return restored(StateCodec.restore(input, length), clusterId, memberId, limits);
    }

    private static KvStateMachine restored(StateCodec.Restored r, long clusterId, long memberId, Limits limits) {
        return new KvStateMachine(clusterId, memberId, limits, r.store(), r.leases(), r.alarms(), r.members(), r.appliedIndex());
    }

    /**
     * Starts recording changes for {@link #drainChanges()} (a node with a persistent backend turns
     * it on; otherwise nothing is recorded, so nothing piles up).
     */
    public void trackChanges() {
        if (tracker != null) return;
        tracker = new ChangeTracker();
        store.listen(tracker);
    }

    /** The changes since the previous call (or since {@link #trackChanges()}); then forgets them. */
    public StateChanges drainChanges() {
        if (tracker == null) throw new IllegalStateException("drainChanges needs trackChanges() first");
        return tracker.drain(leases, store.revision(), store.compactRevision(), appliedIndex, () -> StateCodec.sections(alarms, members));
    }

    /** The whole state as changes from an empty one: every retained version in (main, sub) order and every lease. */
    public StateChanges everything() {
        PersistedState all = persistedState();
        List<StateChanges.Lease> leaseList = all.leases();
        return new StateChanges(all.versions(), List.of(), leaseList, List.of(), all.revision(), all.compactRevision(), all.appliedIndex(),
                Optional.of(all.sections()));
    }

    /** The whole state in the shape {@link #load} reads. */
    public PersistedState persistedState() {
        List<StateChanges.Version> versions = new ArrayList<>();
        store.forEachKey(k -> {
            for (KeyVersion v : k.versions()) versions.add(ChangeTracker.version(k.key(), v));
        });
        versions.sort(BY_POSITION);
        List<StateChanges.Lease> leaseList = new ArrayList<>();
        for (LeaseTable.Lease l : leases.all()) leaseList.add(new StateChanges.Lease(l.id(), l.ttl(), l.remainingTtl()));
        return new PersistedState(store.revision(), store.compactRevision(), appliedIndex, versions, leaseList, StateCodec.sections(alarms, members));
    }

    private static final Comparator<StateChanges.Version> BY_POSITION =
            Comparator.comparingLong(StateChanges.Version::main).thenComparingInt(StateChanges.Version::sub);

    /**
     * Rebuilds a state machine from a backend's content; validates it as {@link #restore} does
     * (ordering, revisions, duplicate leases) and throws IllegalArgumentException naming the problem.
     */
    public static KvStateMachine load(PersistedState state, long clusterId, long memberId, Limits limits) {
        if (state.appliedIndex() < 0) throw new IllegalArgumentException("stored applied index " + state.appliedIndex() + " is negative");
        TreeMap<Bytes, List<KeyVersion>> byKey = new TreeMap<>();
        StateChanges.Version previous = null;
        for (StateChanges.Version v : state.versions()) {
            if (v.main() < 1 || v.sub() < 0) {
                throw new IllegalArgumentException("stored version of " + v.key() + " has a bad revision (" + v.main() + ", " + v.sub() + ")");
            }
            if (previous != null && BY_POSITION.compare(previous, v) >= 0) {
                throw new IllegalArgumentException("stored versions out of order: (" + v.main() + ", " + v.sub() + ") after ("
                        + previous.main() + ", " + previous.sub() + ")");
            }
            if (v.tombstone() && (!v.value().isEmpty() || v.lease() != 0 || v.version() != 0 || v.createRevision() != 0)) {
                throw new IllegalArgumentException("stored tombstone of " + v.key() + " at " + v.main() + " carries a value or lease");
            }
            byKey.computeIfAbsent(v.key(), k -> new ArrayList<>())
                    .add(new KeyVersion(v.main(), v.sub(), v.createRevision(), v.version(), v.value(), v.lease(), v.tombstone()));
            previous = v;
        }
        List<MvccStore.KeyWithHistory> keys = new ArrayList<>(byKey.size());
        byKey.forEach((k, versions) -> keys.add(new MvccStore.KeyWithHistory(k, versions)));
        MvccStore store = MvccStore.restore(state.revision(), state.compactRevision(), keys);
        List<LeaseTable.Lease> leaseList = new ArrayList<>();
        for (StateChanges.Lease l : state.leases()) leaseList.add(new LeaseTable.Lease(l.id(), l.ttl(), l.remainingTtl()));
        LeaseTable leases = StateCodec.leaseTable(store, leaseList, "stored state");
        StateCodec.Sections sections = StateCodec.readSections(state.sections());
        return new KvStateMachine(clusterId, memberId, limits, store, leases, sections.alarms(), sections.members(), state.appliedIndex());
    }

    private void sectionsChanged() {
        if (tracker != null) tracker.sectionsChanged();
    }

    private void leaseChanged(long id) {
        if (tracker != null) tracker.leaseChanged(id);
    }

    /** CRC32C of the key-value state and leases (not the applied index): equal states hash equal. */
    public int hash() {
        return StateCodec.hash(store, leases);
    }

    /** CRC32C of every retained version at or below {@code revision} (0 = current), as etcd's HashKV. */
    public int hashKv(long revision) {
        long rev = store.checkReadRevision(revision, store.revision());
        return StateCodec.hashKv(store, rev);
    }

    private void advance(long raftIndex) {
        if (raftIndex <= appliedIndex) {
            throw new IllegalArgumentException("raft index " + raftIndex + " is not after the applied index " + appliedIndex);
        }
        appliedIndex = raftIndex;
    }

    private interface Writer {
        Record write(WriteTxn w);
    }

    private ApplyResult write(Writer writer) {
        WriteTxn w = store.beginWrite();
        Record response = writer.write(w);
        w.end();
        List<Event> events = w.events();
        trackLeases(events);
        return new ApplyResult.Success(response, events);
    }

    private ApplyResult txn(TxnRequest request, long raftTerm) {
        TxnApplier.Decision decision = applier.decide(request);
        applier.checkChosen(request, decision);
        WriteTxn w = store.beginWrite();
        TxnResponse inner = applier.execute(request, decision, w);
        long rev = w.readRevision();
        w.end();
        List<Event> events = w.events();
        trackLeases(events);
        return new ApplyResult.Success(new TxnResponse(header(rev, raftTerm), inner.succeeded(), inner.responses()), events);
    }

    private ApplyResult compact(CompactionRequest request, long raftTerm) {
        store.compact(request.revision());
        return new ApplyResult.Success(new CompactionResponse(header(store.revision(), raftTerm)), List.of());
    }

    private ApplyResult grant(KvCommand.LeaseGrant g, long raftTerm) {
        if (g.id() == 0) throw KvException.leaseNotFound(); // etcd's lessor: 0 is "no lease"
        if (g.ttl() > LeaseTable.MAX_TTL) throw KvException.leaseTtlTooLarge();
        if (leases.exists(g.id())) throw KvException.leaseExists();
        leases.grant(g.id(), g.ttl());
        leaseChanged(g.id());
        return new ApplyResult.Success(new LeaseGrantResponse(header(store.revision(), raftTerm), g.id(), g.ttl()), List.of());
    }

    private ApplyResult revoke(long id, long raftTerm) {
        if (!leases.exists(id)) throw KvException.leaseNotFound();
        List<Bytes> keys = leases.keys(id);
        WriteTxn w = store.beginWrite();
        for (Bytes key : keys) w.deleteRange(KeyRange.single(key)); // key order, one revision for all
        w.end();
        List<Event> events = w.events();
        trackLeases(events);
        leases.revoke(id);
        leaseChanged(id);
        return new ApplyResult.Success(new LeaseRevokeResponse(header(store.revision(), raftTerm)), events);
    }

    private ApplyResult alarm(KvCommand.Alarm a) {
        List<AlarmMember> changed = a.activate() ? List.of(alarms.activate(a.alarm())) : alarms.deactivate(a.alarm()).stream().toList();
        if (tracker != null && !changed.isEmpty()) tracker.sectionsChanged();
        return new ApplyResult.Success(new AlarmResponse(changed), List.of());
    }

    /** Keeps each lease's key set equal to the keys whose live value names it. */
    private void trackLeases(List<Event> events) {
        for (Event e : events) {
            e.prevKv().ifPresent(prev -> {
                if (prev.lease() != 0) leases.detach(prev.lease(), prev.key());
            });
            if (e.type() == Event.Type.PUT && e.kv().lease() != 0) leases.attach(e.kv().lease(), e.kv().key());
        }
    }

    private ResponseHeader header(long revision, long raftTerm) {
        return new ResponseHeader(clusterId(), memberId, revision, raftTerm);
    }

    /** etcd's cluster responses carry no revision. */
    private ApplyResult memberList(long raftTerm) {
        return new ApplyResult.Success(new MemberListResponse(header(0, raftTerm), members.members()), List.of());
    }
}
