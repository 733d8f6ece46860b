package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.Message;
import ketch.api.raft.Propose;
import ketch.api.raft.ReadIndexRequest;
import ketch.api.raft.ReadIndexResponse;
import ketch.api.raft.RequestVote;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.SnapshotResponse;
import ketch.api.raft.TimeoutNow;
import ketch.api.raft.VoteResponse;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogUnavailableException;

/**
 * The Raft core of one member, in the shape of etcd's RawNode: every input is a call
 * ({@link #tick()}, {@link #step(Message)}, {@link #propose(List)}, ...), every effect leaves in a
 * {@link Ready} batch. No threads, no I/O, no clock: all calls must come from one thread.
 *
 * <p>Membership uses single-server changes (see docs/adr-raft-membership.md). A brand-new group
 * starts with {@link #bootstrap(ConfState)}; a restarted member restores term, vote, commit,
 * snapshot and configuration from storage, and re-learns configuration changes after the
 * snapshot as the caller re-applies committed entries.
 */
public final class RaftNode {
    private final RaftConfig config;
    private final long id;
    private final RandomSource random;
    private final SnapshotSource snapshots;
    private final RaftLog log;
    final Membership members;

    private long term;
    private long vote;
    private long leader;
    private Role role = Role.FOLLOWER;
    private final TreeMap<Long, Boolean> votes = new TreeMap<>();
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private long leadTransferee;
    private long pendingConfIndex;
    /** Leader: index of the empty entry that opened its term; durable once self match reaches it. */
    private long termStartIndex;
    private long uncommittedBytes;
    private SnapshotMetadata latestSnapshot;

    private final ReadRounds readRounds = new ReadRounds();
    private final List<Long> readsAwaitingCommit = new ArrayList<>();
    private final TreeMap<Long, Integer> forwardedReads = new TreeMap<>();
    private SnapshotReceiver receiver;

    private final ArrayList<Message> messages = new ArrayList<>();
    private final ArrayList<Message> messagesAfterPersist = new ArrayList<>();
    private final ArrayList<ReadState> readStates = new ArrayList<>();
    private SoftState lastSoftState;
    private HardState lastHardState;

    /** A member that cannot send snapshots (its log must never be compacted behind a lagging follower). */
    public RaftNode(RaftConfig config, RaftStorage storage, RandomSource random) {
        this(config, storage, random, SnapshotSource.NONE);
    }

    /** Restores term, vote, commit, snapshot and configuration from {@code storage}. */
    public RaftNode(RaftConfig config, RaftStorage storage, RandomSource random, SnapshotSource snapshots) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = config.id();
        this.random = Objects.requireNonNull(random, "random");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.log = new RaftLog(Objects.requireNonNull(storage, "storage"));
        this.members = new Membership(config);
        SnapshotMetadata snap = storage.snapshot();
        this.latestSnapshot = snap;
        members.reset(snap.conf(), log.lastIndex() + 1);
        HardState hs = storage.hardState();
        this.term = hs.term();
        this.vote = hs.vote();
        this.lastHardState = hardState();
        this.lastSoftState = softState();
        resetRandomizedElectionTimeout();
    }

    /**
     * Starts a brand-new group: appends one ADD_VOTER / ADD_LEARNER conf-change entry per member
     * of {@code initial} at term 1, commits them (every founding member writes the same entries,
     * so their logs agree) and applies them to the configuration at once so the member can
     * campaign. The caller sees them again as committed entries; applying them is a no-op then.
     *
     * @throws IllegalStateException if the storage is not empty
     */
    public void bootstrap(ConfState initial) {
        Objects.requireNonNull(initial, "initial");
        if (initial.voters().isEmpty()) throw new IllegalArgumentException("a new group needs at least one voter");
        if (initial.isJoint()) throw new IllegalArgumentException("a new group cannot start in a joint configuration");
        if (log.lastIndex() != 0 || term != 0) {
            throw new IllegalStateException("bootstrap needs empty storage; last index " + log.lastIndex() + ", term " + term);
        }
        List<ConfChange> changes = new ArrayList<>();
        for (long v : initial.voters()) changes.add(ConfChange.addVoter(v));
        for (long l : initial.learners()) changes.add(ConfChange.addLearner(l));
        List<Entry> entries = new ArrayList<>();
        for (ConfChange cc : changes) {
            entries.add(new Entry(entries.size() + 1, 1, Entry.Type.CONF_CHANGE, cc.encode()));
        }
        becomeFollower(1, 0);
        log.append(entries);
        log.commitTo(entries.size());
        for (ConfChange cc : changes) members.apply(cc, log.lastIndex() + 1);
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick. */
    public void tick() {
        ageForwardedReads();
        if (role == Role.LEADER) {
            tickLeader();
        } else {
            electionElapsed++;
            if (members.isVoter(id) && electionElapsed >= randomizedElectionTimeout) {
                electionElapsed = 0;
                campaignIfAllowed(false);
            }
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (config.checkQuorum()) {
                if (!members.quorumActive(id)) {
                    becomeFollower(term, 0); // §6.2 of the thesis: a leader cut off from a quorum steps down
                    return;
                }
            }
            if (leadTransferee != 0) leadTransferee = 0; // the transfer took an election timeout: abort
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat();
        }
    }

    /** Handles a message from a peer. Messages from any term are handled or ignored; never throws for a valid record. */
    public void step(Message m) {
        Objects.requireNonNull(m, "message");
        if (m.to() != id || m.from() == id) return; // misrouted
        switch (m) {
            case Propose p -> {
                stepPropose(p);
                return;
            }
            case ReadIndexRequest r -> {
                stepReadIndexRequest(r);
                return;
            }
            default -> {}
        }
        if (m.term() > term) {
            if (m instanceof RequestVote rv) {
                boolean inLease = config.checkQuorum() && leader != 0 && electionElapsed < config.electionTicks();
                if (inLease && !rv.leaderTransfer()) return; // we heard from a live leader: ignore disruptors
            }
            boolean keepTerm = (m instanceof RequestVote rv && rv.preVote())
                    || (m instanceof VoteResponse vr && vr.preVote() && vr.granted());
            if (!keepTerm) {
                boolean fromLeader = m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot;
                becomeFollower(m.term(), fromLeader ? m.from() : 0);
            }
        } else if (m.term() < term) {
            if ((config.checkQuorum() || config.preVote()) && (m instanceof AppendEntries || m instanceof Heartbeat)) {
                // a stale leader (e.g. after a partition) learns our term and steps down
                messages.add(new AppendResponse(id, m.from(), term, 0, false, 0, 0));
            } else if (m instanceof RequestVote rv && rv.preVote()) {
                messages.add(new VoteResponse(id, m.from(), term, true, false));
            }
            return;
        }
        if (m instanceof RequestVote rv) {
            stepRequestVote(rv);
            return;
        }
        switch (role) {
            case LEADER -> stepLeader(m);
            case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
            case FOLLOWER -> stepFollower(m);
        }
    }

    /**
     * Proposes client commands, one NORMAL entry each. A leader appends them; a follower forwards
     * them to the leader; otherwise they are refused with the reason.
     */
    public ProposeResult propose(List<Bytes> commands) {
        if (commands.isEmpty()) throw new IllegalArgumentException("propose needs at least one command");
        return proposeEntries(Entry.Type.NORMAL, commands);
    }

    /** Proposes a single-server membership change; refused while another change is unapplied. */
    public ProposeResult proposeConfChange(ConfChange change) {
        return proposeEntries(Entry.Type.CONF_CHANGE, List.of(change.encode()));
    }

    private ProposeResult proposeEntries(Entry.Type type, List<Bytes> payloads) {
        if (role != Role.LEADER) {
            if (leader == 0 || leader == id) return new ProposeResult.Refused(ProposeResult.Reason.NO_LEADER);
            messages.add(new Propose(id, leader, term, type, payloads));
            return new ProposeResult.Forwarded(leader);
        }
        if (leadTransferee != 0) return new ProposeResult.Refused(ProposeResult.Reason.TRANSFERRING);
        if (!members.isVoter(id)) return new ProposeResult.Refused(ProposeResult.Reason.NOT_MEMBER);
        long bytes = 0;
        for (Bytes b : payloads) bytes += b.size();
        long limit = config.maxUncommittedBytes();
        if (limit > 0 && uncommittedBytes > 0 && uncommittedBytes + bytes > limit) {
            return new ProposeResult.Refused(ProposeResult.Reason.TOO_MANY_UNCOMMITTED);
        }
        if (type == Entry.Type.CONF_CHANGE) {
            if (pendingConfIndex > log.applied) return new ProposeResult.Refused(ProposeResult.Reason.CONF_CHANGE_PENDING);
            ConfChange.decode(payloads.getFirst()); // validate before it enters the log
        }
        long first = log.lastIndex() + 1;
        List<Entry> entries = new ArrayList<>(payloads.size());
        for (Bytes b : payloads) entries.add(new Entry(first + entries.size(), term, type, b));
        log.append(entries);
        uncommittedBytes += bytes;
        if (type == Entry.Type.CONF_CHANGE) pendingConfIndex = log.lastIndex();
        broadcastAppend();
        return new ProposeResult.Accepted(term, first, log.lastIndex());
    }

    /**
     * Asks for a linearizable read index (thesis §6.4). The outcome arrives as a {@link ReadState}
     * with this {@code requestId} in a later Ready; failures are reported the same way.
     */
    public void readIndex(long requestId) {
        if (role == Role.LEADER) {
            leaderReadIndex(id, requestId);
        } else if (leader == 0 || leader == id) {
            readStates.add(ReadState.failed(requestId, ReadState.Outcome.NO_LEADER));
        } else {
            messages.add(new ReadIndexRequest(id, leader, term, requestId));
            forwardedReads.put(requestId, 0);
        }
    }

    /**
     * Hands leadership to {@code targetId} (thesis §3.10): stop accepting proposals, catch the
     * target up, then tell it to campaign at once. Aborted after an election timeout. Ignored on
     * a non-leader or for a target that is not a voter.
     */
    public void transferLeadership(long targetId) {
        if (role != Role.LEADER || targetId == id || !members.isVoter(targetId)) return;
        if (leadTransferee == targetId) return;
        leadTransferee = targetId;
        electionElapsed = 0; // the transfer must finish within one election timeout
        Progress pr = members.progress(targetId);
        if (pr.match == log.lastIndex()) {
            messages.add(new TimeoutNow(id, targetId, term));
        } else {
            sendAppend(targetId, true);
        }
    }

    /**
     * The caller made the log durable up to ({@code index}, {@code term}), together with the
     * hard state and snapshot handed out with it. Stale reports (an index since overwritten) are
     * ignored. A leader counts its own copy towards commit only from here on.
     */
    public void persisted(long index, long entryTerm) {
        log.stableTo(index, entryTerm);
        if (role == Role.LEADER) {
            Progress self = members.progress(id);
            // everything below the unstable tail is durable and in our log (thesis §10.2.1)
            if (self != null && self.maybeUpdate(log.persistedIndex()) && maybeCommit()) broadcastAppend();
        }
    }

    /** The caller applied committed entries (and snapshots) up to {@code index}. */
    public void applied(long index) {
        log.appliedTo(index);
    }

    /**
     * Records that a state-machine snapshot exists at {@code meta} (its index at most the applied
     * index), so the leader can send it to followers whose entries were compacted. The caller may
     * then compact its log store behind it (keeping a catch-up tail).
     */
    public void snapshotTaken(SnapshotMetadata meta) {
        if (meta.index() > log.applied) {
            throw new IllegalArgumentException("snapshot index " + meta.index() + " is past the applied index " + log.applied);
        }
        if (meta.index() > latestSnapshot.index()) latestSnapshot = meta;
    }

    /**
     * Applies a committed configuration change (call it when applying the CONF_CHANGE entry) and
     * returns the configuration now in force. Invalid changes (removing the last voter, removing a
     * stranger) leave the configuration unchanged. A leader removed or demoted steps down.
     */
    public ConfState applyConfChange(ConfChange change) {
        boolean changed = members.apply(change, log.lastIndex() + 1);
        if (changed && role == Role.LEADER) {
            if (!members.isVoter(id)) {
                becomeFollower(term, 0);
            } else {
                if (leadTransferee != 0 && !members.isVoter(leadTransferee)) leadTransferee = 0;
                maybeCommit(); // the quorum changed
                broadcastAppend(); // also starts probing a newly added member
            }
        }
        return members.confState();
    }

    /** The transport could not reach {@code memberId}: stop streaming to it optimistically. */
    public void reportUnreachable(long memberId) {
        if (role != Role.LEADER) return;
        Progress pr = members.progress(memberId);
        if (pr != null && pr.state == Progress.State.REPLICATE) pr.becomeProbe();
    }

    /** Out-of-band snapshot delivery result; a failure returns the member to probing. */
    public void reportSnapshot(long memberId, boolean ok) {
        if (role != Role.LEADER) return;
        Progress pr = members.progress(memberId);
        if (pr == null || pr.state != Progress.State.SNAPSHOT) return;
        if (!ok) pr.pendingSnapshot = 0;
        pr.becomeProbe();
        pr.probeSent = true; // wait for the follower's answer or the next heartbeat response
    }

    // ---------------------------------------------------------------- outputs

    public boolean hasReady() {
        return !softState().equals(lastSoftState)
                || !hardState().equals(lastHardState)
                || log.hasEntriesToPersist()
                || log.snapshotToPersist().isPresent()
                || !messages.isEmpty()
                || !messagesAfterPersist.isEmpty()
                || !readStates.isEmpty()
                || log.hasEntriesToApply();
    }

    /** The effects accumulated since the last {@link #advance(Ready)}; calling it twice returns the same. */
    public Ready ready() {
        SoftState soft = softState();
        HardState hard = hardState();
        return new Ready(
                soft.equals(lastSoftState) ? Optional.empty() : Optional.of(soft),
                hard.equals(lastHardState) ? Optional.empty() : Optional.of(hard),
                log.entriesToPersist(),
                log.snapshotToPersist(),
                log.entriesToApply(config.maxSizePerMsg()),
                messages,
                messagesAfterPersist,
                readStates);
    }

    /** The caller has taken {@code rd}: its contents are handed to the append and apply lanes. */
    public void advance(Ready rd) {
        rd.softState().ifPresent(s -> lastSoftState = s);
        rd.hardState().ifPresent(h -> lastHardState = h);
        long lastEntry = rd.entries().isEmpty() ? 0 : rd.entries().getLast().index();
        log.acceptInProgress(lastEntry, rd.snapshot().isPresent());
        if (!rd.committedEntries().isEmpty()) {
            log.acceptApplying(rd.committedEntries().getLast().index());
            if (role == Role.LEADER) {
                for (Entry e : rd.committedEntries()) uncommittedBytes -= e.data().size();
                uncommittedBytes = Math.max(0, uncommittedBytes);
            }
        }
        messages.subList(0, Math.min(rd.messages().size(), messages.size())).clear();
        messagesAfterPersist.subList(0, Math.min(rd.messagesAfterPersist().size(), messagesAfterPersist.size())).clear();
        readStates.subList(0, Math.min(rd.readStates().size(), readStates.size())).clear();
    }

    public Status status() {
        Map<Long, Status.FollowerProgress> progress = new TreeMap<>();
        if (role == Role.LEADER) {
            members.forEach((mid, pr) -> progress.put(mid, new Status.FollowerProgress(
                    pr.match, pr.next, pr.state.name(), pr.recentActive, pr.inflights.count())));
        }
        return new Status(id, term, vote, role, leader, log.committed, log.applied, log.lastIndex(),
                members.confState(), leadTransferee, progress);
    }

    public long id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    public long leaderId() {
        return leader;
    }

    private SoftState softState() {
        return new SoftState(leader, role);
    }

    private HardState hardState() {
        long durableVote = config.has(PlantedBug.SKIP_VOTE_PERSISTENCE) ? 0 : vote;
        return new HardState(term, durableVote, log.committed);
    }

    // ---------------------------------------------------------------- roles

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = 0;
        }
        if (role == Role.LEADER) failLeaderReads();
        leader = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        resetRandomizedElectionTimeout();
        leadTransferee = 0;
        votes.clear();
        members.resetProgress(log.lastIndex() + 1);
        pendingConfIndex = 0;
        uncommittedBytes = 0;
        receiver = null;
    }

    private void resetRandomizedElectionTimeout() {
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    private void becomeFollower(long newTerm, long newLeader) {
        reset(newTerm);
        role = Role.FOLLOWER;
        leader = newLeader;
    }

    private void becomeLeader() {
        reset(term);
        role = Role.LEADER;
        leader = id;
        Progress self = members.progress(id);
        if (self != null) {
            self.match = log.persistedIndex();
            self.becomeReplicate();
            self.recentActive = true;
        }
        // §8: a new leader commits an entry of its own term to learn what is committed
        if (!config.has(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING)) {
            log.append(List.of(new Entry(log.lastIndex() + 1, term, Entry.Type.NORMAL, Bytes.EMPTY)));
        }
        termStartIndex = log.lastIndex();
        pendingConfIndex = log.lastIndex(); // no conf change until everything before is applied
        broadcastAppend();
    }

    private void campaignIfAllowed(boolean transfer) {
        if (role == Role.LEADER || !members.isVoter(id)) return;
        if (hasUnappliedConfChange()) return; // the configuration we would campaign in may be stale
        if (config.preVote() && !transfer) campaign(true, false);
        else campaign(false, transfer);
    }

    private void campaign(boolean preVote, boolean transfer) {
        long voteTerm;
        if (preVote) {
            role = Role.PRE_CANDIDATE;
            votes.clear();
            leader = 0;
            voteTerm = term + 1;
        } else {
            reset(term + 1);
            role = Role.CANDIDATE;
            vote = id;
            voteTerm = term;
        }
        votes.put(id, true);
        if (Majority.voteResult(members.voters(), votes) == Majority.VoteResult.WON) {
            if (preVote) campaign(false, transfer);
            else becomeLeader();
            return;
        }
        long lastIndex = log.lastIndex();
        long lastTerm = log.lastTerm();
        for (long v : members.voters()) {
            if (v == id) continue;
            RequestVote rv = new RequestVote(id, v, voteTerm, lastIndex, lastTerm, preVote, transfer);
            // a real vote request promises our new term and self-vote are durable
            if (preVote) messages.add(rv);
            else messagesAfterPersist.add(rv);
        }
    }

    private boolean hasUnappliedConfChange() {
        if (log.committed <= log.applied) return false;
        try {
            for (Entry e : log.entries(log.applied + 1, log.committed + 1, Long.MAX_VALUE)) {
                if (e.type() == Entry.Type.CONF_CHANGE) return true;
            }
        } catch (LogCompactedException | LogUnavailableException e) {
            return false;
        }
        return false;
    }

    // ---------------------------------------------------------------- voting

    private void stepRequestVote(RequestVote rv) {
        boolean canVote = vote == rv.from()
                || (vote == 0 && leader == 0)
                || (rv.preVote() && rv.term() > term);
        boolean grant = canVote && log.isUpToDate(rv.lastIndex(), rv.lastTerm());
        VoteResponse response = new VoteResponse(id, rv.from(), grant ? rv.term() : term, rv.preVote(), grant);
        if (grant && !rv.preVote()) {
            electionElapsed = 0;
            vote = rv.from();
        }
        if (rv.preVote() || config.has(PlantedBug.SKIP_VOTE_PERSISTENCE)) {
            messages.add(response);
        } else {
            messagesAfterPersist.add(response); // the vote must be durable before it is promised
        }
    }

    private void stepCandidate(Message m) {
        switch (m) {
            case AppendEntries a -> {
                becomeFollower(term, a.from());
                stepFollower(m);
            }
            case Heartbeat h -> {
                becomeFollower(term, h.from());
                stepFollower(m);
            }
            case InstallSnapshot s -> {
                becomeFollower(term, s.from());
                stepFollower(m);
            }
            case VoteResponse vr -> {
                boolean pre = role == Role.PRE_CANDIDATE;
                if (vr.preVote() != pre) return;
                votes.putIfAbsent(vr.from(), vr.granted());
                switch (Majority.voteResult(members.voters(), votes)) {
                    case WON -> {
                        if (pre) campaign(false, false);
                        else becomeLeader();
                    }
                    case LOST -> becomeFollower(term, 0);
                    case PENDING -> {}
                }
            }
            case ReadIndexResponse r -> stepReadIndexResponse(r);
            default -> {}
        }
    }

    // ---------------------------------------------------------------- follower

    private void stepFollower(Message m) {
        switch (m) {
            case AppendEntries a -> {
                electionElapsed = 0;
                leader = a.from();
                handleAppendEntries(a);
            }
            case Heartbeat h -> {
                electionElapsed = 0;
                leader = h.from();
                log.commitTo(Math.min(h.commit(), log.lastIndex()));
                messages.add(new HeartbeatResponse(id, h.from(), term, h.readRound()));
            }
            case InstallSnapshot s -> {
                electionElapsed = 0;
                leader = s.from();
                handleSnapshotChunk(s);
            }
            case TimeoutNow t -> campaignIfAllowed(true);
            case ReadIndexResponse r -> stepReadIndexResponse(r);
            default -> {}
        }
    }

    private void handleAppendEntries(AppendEntries a) {
        if (a.prevIndex() < log.committed) {
            messagesAfterPersist.add(new AppendResponse(id, a.from(), term, log.committed, false, 0, 0));
            return;
        }
        long lastNew = log.maybeAppend(a.prevIndex(), a.prevTerm(), a.commit(), a.entries());
        if (lastNew == RaftLog.CONFLICTS_WITH_COMMITTED) return; // never overwrite a committed entry
        if (lastNew >= 0) {
            messagesAfterPersist.add(new AppendResponse(id, a.from(), term, lastNew, false, 0, 0));
            return;
        }
        // §5.3 with fast back-off: point the leader at our last index whose term is <= prevTerm
        long hint = log.findConflictByTerm(Math.min(a.prevIndex(), log.lastIndex()), a.prevTerm());
        messagesAfterPersist.add(new AppendResponse(id, a.from(), term, a.prevIndex(), true, hint, log.termOrZero(hint)));
    }

    private void handleSnapshotChunk(InstallSnapshot s) {
        SnapshotMetadata meta = s.snapshot();
        if (meta.index() <= log.committed) {
            receiver = null;
            messagesAfterPersist.add(new AppendResponse(id, s.from(), term, log.committed, false, 0, 0));
            return;
        }
        if (receiver == null || !receiver.isFor(s.from(), term, meta)) {
            if (s.offset() != 0) {
                messages.add(new SnapshotResponse(id, s.from(), term, meta.index(), 0, true));
                return;
            }
            receiver = new SnapshotReceiver(s.from(), term, meta);
        }
        SnapshotReceiver.Result result = receiver.accept(s.offset(), s.chunk(), s.done());
        switch (result) {
            case ACCEPTED, DUPLICATE -> messages.add(new SnapshotResponse(id, s.from(), term, meta.index(), receiver.expectedOffset(), false));
            case OUT_OF_ORDER, TOO_LARGE -> messages.add(new SnapshotResponse(id, s.from(), term, meta.index(), receiver.expectedOffset(), true));
            case COMPLETE -> {
                Snapshot snapshot = receiver.snapshot();
                receiver = null;
                installSnapshot(s.from(), snapshot);
            }
        }
    }

    private void installSnapshot(long from, Snapshot snapshot) {
        SnapshotMetadata meta = snapshot.metadata();
        if (log.matchTerm(meta.index(), meta.term())) {
            log.commitTo(meta.index()); // we already hold that prefix: just learn that it is committed
            messagesAfterPersist.add(new AppendResponse(id, from, term, log.committed, false, 0, 0));
            return;
        }
        log.restore(snapshot);
        members.reset(meta.conf(), log.lastIndex() + 1);
        if (meta.index() > latestSnapshot.index()) latestSnapshot = meta; // we can serve it if we lead later
        messagesAfterPersist.add(new AppendResponse(id, from, term, log.lastIndex(), false, 0, 0));
    }

    // ---------------------------------------------------------------- leader

    private void stepLeader(Message m) {
        switch (m) {
            case AppendResponse a -> handleAppendResponse(a);
            case HeartbeatResponse h -> handleHeartbeatResponse(h);
            case SnapshotResponse s -> handleSnapshotResponse(s);
            default -> {}
        }
    }

    private void handleAppendResponse(AppendResponse a) {
        Progress pr = members.progress(a.from());
        if (pr == null) return;
        pr.recentActive = true;
        if (a.reject()) {
            long matchHint = a.rejectHint();
            if (a.rejectHintTerm() > 0) matchHint = log.findConflictByTerm(a.rejectHint(), a.rejectHintTerm());
            if (pr.maybeDecrTo(a.index(), matchHint)) {
                if (pr.state == Progress.State.REPLICATE) pr.becomeProbe();
                sendAppend(a.from(), true);
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(a.index())) return;
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match >= pr.pendingSnapshot || pr.match + 1 >= log.firstIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights.freeLE(a.index());
        }
        if (maybeCommit()) {
            broadcastAppend();
        } else if (wasPaused) {
            sendAppend(a.from(), true);
        }
        while (sendAppend(a.from(), false)) {
            // keep the pipeline full while the window allows
        }
        if (a.from() == leadTransferee && pr.match == log.lastIndex()) {
            messages.add(new TimeoutNow(id, a.from(), term));
        }
    }

    private void handleHeartbeatResponse(HeartbeatResponse h) {
        Progress pr = members.progress(h.from());
        if (pr == null) return;
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state == Progress.State.REPLICATE && pr.inflights.full()) pr.inflights.freeFirst();
        if (pr.state == Progress.State.SNAPSHOT) {
            // no acknowledgement since the previous heartbeat response: the chunk may be lost
            if (pr.snapshotOffset == pr.snapshotResendMark) sendSnapshotChunk(h.from(), pr);
            pr.snapshotResendMark = pr.snapshotOffset;
        } else if (pr.match < log.lastIndex()) {
            sendAppend(h.from(), true);
        }
        if (h.readRound() > 0) {
            for (ReadRounds.PendingRead r : readRounds.ack(h.from(), h.readRound(), id, members.voters())) {
                answerRead(r.from(), r.requestId(), r.index());
            }
            if (readRounds.startNextIfWaiting()) broadcastHeartbeat();
        }
    }

    private void handleSnapshotResponse(SnapshotResponse s) {
        Progress pr = members.progress(s.from());
        if (pr == null) return;
        pr.recentActive = true;
        if (pr.state != Progress.State.SNAPSHOT || s.snapshotIndex() != pr.pendingSnapshot) return;
        if (s.reject() || s.nextOffset() > pr.snapshotOffset) {
            pr.snapshotOffset = s.nextOffset();
            sendSnapshotChunk(s.from(), pr);
        }
    }

    /** Raft §5.3/§5.4.2: commit the highest index a quorum holds, if it is from the current term. */
    private boolean maybeCommit() {
        long quorumIndex = Majority.committedIndex(members.voters(), v -> {
            Progress pr = members.progress(v);
            return pr == null ? 0 : pr.match;
        });
        if (quorumIndex <= log.committed || quorumIndex == Long.MAX_VALUE) return false;
        boolean currentTerm = log.termOrZero(quorumIndex) == term;
        if (!currentTerm && !config.has(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING)) return false;
        boolean firstInTerm = log.termOrZero(log.committed) != term;
        log.commitTo(quorumIndex);
        if (firstInTerm && log.termOrZero(log.committed) == term) releaseReadsAwaitingCommit();
        return true;
    }

    private void broadcastAppend() {
        for (long mid : members.ids()) {
            if (mid == id) continue;
            if (sendAppend(mid, true)) {
                while (sendAppend(mid, false)) {
                    // a backlog larger than maxSizePerMsg fills the window with several messages
                }
            }
        }
    }

    private void broadcastHeartbeat() {
        long round = readRounds.currentRound();
        for (long mid : members.ids()) {
            if (mid == id) continue;
            Progress pr = members.progress(mid);
            sendAsLeader(new Heartbeat(id, mid, term, Math.min(pr.match, log.committed), round));
        }
    }

    /** Sends the next append to {@code to} if its progress allows; true if a message was sent. */
    private boolean sendAppend(long to, boolean sendIfEmpty) {
        Progress pr = members.progress(to);
        if (pr == null || pr.isPaused()) return false;
        long prevIndex = pr.next - 1;
        long prevTerm;
        List<Entry> entries;
        try {
            prevTerm = log.term(prevIndex);
            entries = log.entries(pr.next, log.lastIndex() + 1, config.maxSizePerMsg());
        } catch (LogCompactedException e) {
            return sendSnapshot(to, pr);
        } catch (LogUnavailableException e) {
            pr.next = log.lastIndex() + 1; // a stale optimistic next: fall back to the end of the log
            return false;
        }
        if (entries.isEmpty() && !sendIfEmpty) return false;
        if (pr.state == Progress.State.REPLICATE && !entries.isEmpty()) {
            long bytes = 0;
            for (Entry e : entries) bytes += e.sizeBytes();
            pr.next = entries.getLast().index() + 1;
            pr.inflights.add(entries.getLast().index(), bytes);
        } else if (pr.state == Progress.State.PROBE) {
            pr.probeSent = true;
        }
        sendAsLeader(new AppendEntries(id, to, term, prevIndex, prevTerm, entries, log.committed));
        return true;
    }

    /**
     * Leader messages carry its term. Until the entry that opened the term is durable, so is not
     * necessarily the term (a single voter elects itself without asking anyone), so they wait.
     */
    private void sendAsLeader(Message m) {
        Progress self = members.progress(id);
        if (self != null && self.match >= termStartIndex) messages.add(m);
        else messagesAfterPersist.add(m);
    }

    private boolean sendSnapshot(long to, Progress pr) {
        if (latestSnapshot.index() == 0 || latestSnapshot.index() < log.firstIndex() - 1) return false;
        pr.becomeSnapshot(latestSnapshot.index());
        return sendSnapshotChunk(to, pr);
    }

    private boolean sendSnapshotChunk(long to, Progress pr) {
        SnapshotMetadata meta = latestSnapshot;
        if (meta.index() != pr.pendingSnapshot) {
            pr.becomeProbe();
            return false;
        }
        Optional<SnapshotChunk> chunk = snapshots.read(meta, pr.snapshotOffset, (int) config.maxSizePerMsg());
        if (chunk.isEmpty()) {
            pr.pendingSnapshot = 0;
            pr.becomeProbe(); // the snapshot vanished; probing will find a newer one
            pr.probeSent = true;
            return false;
        }
        messages.add(new InstallSnapshot(id, to, term, meta, pr.snapshotOffset, chunk.get().data(), chunk.get().last()));
        return true;
    }

    // ---------------------------------------------------------------- proposals and reads from peers

    private void stepPropose(Propose p) {
        if (role != Role.LEADER || p.payloads().isEmpty()) return; // the forwarding member's caller times out
        try {
            proposeEntries(p.type(), p.payloads());
        } catch (IllegalArgumentException e) {
            // a malformed forwarded conf change: refuse it, never crash
        }
    }

    private void stepReadIndexRequest(ReadIndexRequest r) {
        if (role != Role.LEADER) {
            messages.add(new ReadIndexResponse(id, r.from(), term, r.requestId(), 0, false));
            return;
        }
        leaderReadIndex(r.from(), r.requestId());
    }

    private void stepReadIndexResponse(ReadIndexResponse r) {
        if (forwardedReads.remove(r.requestId()) == null) return;
        readStates.add(r.ok() ? ReadState.ready(r.requestId(), r.index())
                : ReadState.failed(r.requestId(), ReadState.Outcome.NOT_LEADER));
    }

    private void leaderReadIndex(long from, long requestId) {
        if (config.has(PlantedBug.READ_WITHOUT_READ_INDEX)) {
            answerRead(from, requestId, log.committed);
            return;
        }
        if (log.termOrZero(log.committed) != term) {
            // thesis §6.4 step 1: only a leader that committed an entry of its term knows the commit index
            readsAwaitingCommit.add(from);
            readsAwaitingCommit.add(requestId);
            return;
        }
        if (members.voters().size() == 1 && members.isVoter(id)) {
            answerRead(from, requestId, log.committed);
            return;
        }
        if (readRounds.add(from, requestId, log.committed)) broadcastHeartbeat();
    }

    private void releaseReadsAwaitingCommit() {
        List<Long> waiting = List.copyOf(readsAwaitingCommit);
        readsAwaitingCommit.clear();
        for (int i = 0; i < waiting.size(); i += 2) leaderReadIndex(waiting.get(i), waiting.get(i + 1));
    }

    private void answerRead(long from, long requestId, long index) {
        if (from == id) readStates.add(ReadState.ready(requestId, index));
        else messages.add(new ReadIndexResponse(id, from, term, requestId, index, true));
    }

    private void failLeaderReads() {
        List<Long> waiting = List.copyOf(readsAwaitingCommit);
        readsAwaitingCommit.clear();
        for (int i = 0; i < waiting.size(); i += 2) failRead(waiting.get(i), waiting.get(i + 1));
        for (ReadRounds.PendingRead r : readRounds.drain()) failRead(r.from(), r.requestId());
    }

    private void failRead(long from, long requestId) {
        if (from == id) readStates.add(ReadState.failed(requestId, ReadState.Outcome.NOT_LEADER));
        else messages.add(new ReadIndexResponse(id, from, term, requestId, 0, false));
    }

    private void ageForwardedReads() {
        if (forwardedReads.isEmpty()) return;
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : forwardedReads.entrySet()) {
            int age = e.getValue() + 1;
            e.setValue(age);
            if (age >= 2 * config.electionTicks()) expired.add(e.getKey());
        }
        for (long requestId : expired) {
            forwardedReads.remove(requestId);
            readStates.add(ReadState.failed(requestId, ReadState.Outcome.TIMEOUT));
        }
    }

    /** Test hook: the term of the entry at {@code index} in this member's log, 0 if absent or compacted. */
    long termAt(long index) {
        return log.termOrZero(index);
    }

    /** Test hook: the first index still in this member's log. */
    long firstIndex() {
        return log.firstIndex();
    }
}
