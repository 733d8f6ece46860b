package ketch.node.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.kv.members.MemberAttributes;
import ketch.kv.members.MemberCodec;
import ketch.kv.members.MembershipChange;
import ketch.raft.ConfChange;
import ketch.api.raft.Entry;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvCommandCodec;
import ketch.kv.KvStateMachine;
import ketch.node.backend.StatePersistence;
import ketch.node.service.PendingRequests;
import ketch.node.service.ProposalEnvelope;
import ketch.node.snapshot.SnapshotFiles;

/**
 * The apply lane: the kv state machine's only user. It applies committed entries in order,
 * completes the waiting clients of this process, serves reads once the applied index reaches
 * their read index, writes each applied batch to the backend, and takes a snapshot every
 * {@code snapshotCount} entries (after syncing the backend: the snapshot lets the log be compacted).
 */
final class ApplyLane extends Lane<ApplyJob> {
    private static final Logger LOG = Logger.getLogger(ApplyLane.class.getName());

    /** What the apply lane tells the raft lane. */
    interface Progress {
        void applied(long index);

        /** A configuration-change entry was applied. */
        void confChangeApplied(Entry entry);

        /** A durable state-machine snapshot now exists at (index, term). */
        void snapshotTaken(long index, long term);
    }

    private final long memberId;
    private final long incarnation;
    private final ketch.api.kv.Limits limits;
    private final PendingRequests pending;
    private final SnapshotFiles snapshots;
    private final long snapshotCount;
    private final LongSupplier currentTerm;
    private final Progress progress;
    private final Consumer<Throwable> fatal;
    private final StatePersistence persistence;
    private final java.util.concurrent.atomic.AtomicLong appliedSinceStart = new java.util.concurrent.atomic.AtomicLong();
    private long handedIndex; // the last entry Raft handed over, applied now or already in the restored state
    private StateMachineHooks hooks = StateMachineHooks.NONE;
    private final TreeMap<Long, List<ApplyJob.Read>> waitingReads = new TreeMap<>();
    private KvStateMachine kv;
    private long appliedIndex;
    private long appliedTerm;
    private long lastSnapshotIndex;

    ApplyLane(KvStateMachine kv, ketch.api.kv.Limits limits, long appliedIndex, long appliedTerm, long memberId, long incarnation, PendingRequests pending, SnapshotFiles snapshots,
            long snapshotCount, LongSupplier currentTerm, Progress progress, Consumer<Throwable> fatal, StatePersistence persistence) {
        super("ketch-apply");
        this.persistence = persistence;
        this.kv = kv;
        this.limits = limits;
        this.appliedIndex = appliedIndex;
        this.appliedTerm = appliedTerm;
        this.lastSnapshotIndex = appliedIndex;
        this.memberId = memberId;
        this.incarnation = incarnation;
        this.pending = pending;
        this.snapshots = snapshots;
        this.snapshotCount = snapshotCount;
        this.currentTerm = currentTerm;
        this.progress = progress;
        this.fatal = fatal;
    }

    @Override
    protected void process(List<ApplyJob> batch) {
        long before = appliedIndex;
        long handedBefore = handedIndex;
        for (ApplyJob job : batch) {
            switch (job) {
                case ApplyJob.Committed c -> applyEntries(c.entries());
                case ApplyJob.Reads r -> waitingReads.computeIfAbsent(r.index(), i -> new ArrayList<>()).addAll(r.reads());
                case ApplyJob.Install i -> install(i);
                case ApplyJob.Task t -> t.work().accept(kv);
            }
        }
        if (appliedIndex != before) {
            persistence.batchApplied(kv, appliedTerm); // one backend commit per batch
            progress.applied(appliedIndex);
            hooks.batchApplied(kv);
        } else if (handedIndex != handedBefore) {
            progress.applied(handedIndex); // entries the restored state already held: Raft may move on
        }
        serveReads();
        hooks.idle(kv); // periodic work must also run when the lane is never idle
        if (appliedIndex - lastSnapshotIndex >= snapshotCount) takeSnapshot();
    }

    private void applyEntries(List<Entry> entries) {
        for (Entry entry : entries) {
            handedIndex = Math.max(handedIndex, entry.index());
            if (entry.index() <= appliedIndex) {
                // Already in the restored state; Raft's configuration restarts from the log's snapshot and still needs it.
                if (entry.type() == Entry.Type.CONF_CHANGE) progress.confChangeApplied(entry);
                continue;
            }
            appliedSinceStart.incrementAndGet();
            switch (entry.type()) {
                case NORMAL -> applyNormal(entry);
                case CONF_CHANGE -> applyConfChange(entry);
            }
            appliedIndex = entry.index();
            appliedTerm = entry.term();
        }
    }

    /**
     * Updates the member table from the change and its context, then Raft's configuration; the
     * proposing process answers its client with the members after the change.
     */
    private void applyConfChange(Entry entry) {
        ConfChange change = ConfChange.of(entry);
        Bytes context = ConfChange.context(entry.data());
        MemberAttributes attributes = MemberAttributes.NONE;
        ProposalEnvelope envelope = null;
        if (!context.isEmpty()) {
            try {
                envelope = ProposalEnvelope.decode(context);
                attributes = MemberCodec.decodeAttributes(envelope.command());
            } catch (IllegalArgumentException e) { // every member reads the same bytes, so all agree to skip them
                LOG.warning("conf change at index " + entry.index() + " has an unreadable context (" + e.getMessage() + "); applying it without attributes");
                envelope = null;
            }
        }
        MembershipChange.Kind kind = switch (change.type()) {
            case ADD_VOTER -> MembershipChange.Kind.ADD_VOTER;
            case ADD_LEARNER -> MembershipChange.Kind.ADD_LEARNER;
            case REMOVE -> MembershipChange.Kind.REMOVE;
        };
        kv.applyMembership(entry.index(), new MembershipChange(kind, change.memberId(), attributes.name(), attributes.peerUrls(),
                attributes.clusterId()));
        progress.confChangeApplied(entry);
        if (envelope != null && envelope.memberId() == memberId && envelope.incarnation() == incarnation) {
            ResponseHeader header = new ResponseHeader(kv.clusterId(), memberId, 0, currentTerm.getAsLong());
            pending.complete(envelope.sequence(), new MemberListResponse(header, kv.members()));
        }
    }

    private void applyNormal(Entry entry) {
        if (entry.data().isEmpty()) { // a new leader's empty entry
            kv.applyNoop(entry.index());
            return;
        }
        ProposalEnvelope envelope = ProposalEnvelope.decode(entry.data());
        KvCommand command = KvCommandCodec.decode(envelope.command());
        ApplyResult result = kv.apply(entry.index(), currentTerm.getAsLong(), command);
        hooks.applied(kv, entry.index(), command, result);
        if (envelope.memberId() == memberId && envelope.incarnation() == incarnation) {
            switch (result) {
                case ApplyResult.Success s -> pending.complete(envelope.sequence(), s.response());
                case ApplyResult.Failure f -> pending.fail(envelope.sequence(), f.error());
            }
        }
    }

    private void serveReads() {
        while (!waitingReads.isEmpty() && waitingReads.firstKey() <= appliedIndex) {
            for (ApplyJob.Read read : waitingReads.pollFirstEntry().getValue()) {
                if (!pending.isWaiting(read.seq())) continue; // timed out meanwhile
                try {
                    pending.complete(read.seq(), kv.range(read.request(), currentTerm.getAsLong()));
                } catch (KvException e) {
                    pending.fail(read.seq(), e);
                }
            }
        }
    }

    private void install(ApplyJob.Install install) {
        long index = install.snapshot().metadata().index();
        if (index <= appliedIndex) return;
        kv = KvStateMachine.restore(install.snapshot().data().toByteArray(), kv.clusterId(), kv.memberId(), limits);
        appliedIndex = index;
        appliedTerm = install.snapshot().metadata().term();
        lastSnapshotIndex = index;
        handedIndex = Math.max(handedIndex, index);
        persistence.replaced(kv, appliedTerm); // before any entry after it applies
        hooks.replaced(kv);
        LOG.info("installed the leader's snapshot at index " + index);
    }

    private void takeSnapshot() {
        persistence.syncNow(); // the log may be compacted behind this snapshot: never past the backend's durable index
        snapshots.save(appliedIndex, appliedTerm, kv::snapshot); // streamed: no array of the state's size
        lastSnapshotIndex = appliedIndex;
        progress.snapshotTaken(appliedIndex, appliedTerm);
        LOG.fine(() -> "snapshot at index " + appliedIndex);
    }

    /** Installs the services that follow the state machine; call before {@link #start()}. */
    void hooks(StateMachineHooks hooks) {
        this.hooks = hooks;
        hooks.replaced(kv);
    }

    @Override
    protected void idle() {
        persistence.idle();
        hooks.idle(kv);
    }

    /** Entries applied to the state machine since start (entries the restored state held are not counted). */
    long appliedSinceStart() {
        return appliedSinceStart.get();
    }

    @Override
    protected void onFailure(Throwable cause) {
        fatal.accept(cause);
    }
}
