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
    private final RaftLog log;
    private final Membership members;

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
    private long uncommittedBytes;


    private final Outbox out = new Outbox();
    private final Replication replication;
    private final ReadIndex reads;
    private final FollowerReplication follower;
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
        this.log = new RaftLog(Objects.requireNonNull(storage, "storage"));
        this.members = new Membership(config);
        SnapshotMetadata snap = storage.snapshot();
        members.reset(snap.conf(), log.lastIndex() + 1);
        this.replication = new Replication(config, log, members, out, Objects.requireNonNull(snapshots, "snapshots"), snap);
        this.reads = new ReadIndex(config, log, members, out);
        this.follower = new FollowerReplication(id, log, members, out, replication);
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
        bootstrap(initial, Map.of());
    }

    /**
     * As {@link #bootstrap(ConfState)}, with each member's entry carrying {@code contexts.get(id)}
     * (none if absent) after its change, so the caller's state machines learn the founding members'
     * attributes from the log. Every founding member must pass the same contexts.
     */
    public void bootstrap(ConfState initial, Map<Long, Bytes> contexts) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(contexts, "contexts");
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
            Bytes context = contexts.getOrDefault(cc.memberId(), Bytes.EMPTY);
            entries.add(new Entry(entries.size() + 1, 1, Entry.Type.CONF_CHANGE, cc.encode(context)));
        }
        becomeFollower(1, 0);
        log.append(entries);
        log.commitTo(entries.size());
        for (ConfChange cc : changes) members.apply(cc, log.lastIndex() + 1);
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick. */
    public void tick() {
        reads.tick();
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
            replication.broadcastHeartbeat(reads.currentRound());
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
                out.send(new AppendResponse(id, m.from(), term, 0, false, 0, 0));
            } else if (m instanceof RequestVote rv && rv.preVote()) {
                out.send(new VoteResponse(id, m.from(), term, true, false));
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
        return proposeConfChange(change, Bytes.EMPTY);
    }

    /**
     * As {@link #proposeConfChange(ConfChange)}, with {@code context} carried after the change in
     * the entry; Raft passes it through untouched (see {@link ConfChange#context(Bytes)}).
     */
    public ProposeResult proposeConfChange(ConfChange change, Bytes context) {
        return proposeEntries(Entry.Type.CONF_CHANGE, List.of(change.encode(context)));
    }

    private ProposeResult proposeEntries(Entry.Type type, List<Bytes> payloads) {
        if (role != Role.LEADER) {
            if (leader == 0 || leader == id) return new ProposeResult.Refused(ProposeResult.Reason.NO_LEADER);
            out.send(new Propose(id, leader, term, type, payloads));
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
        replication.broadcastAppend();
        return new ProposeResult.Accepted(term, first, log.lastIndex());
    }

    /**
     * Asks for a linearizable read index (thesis §6.4). The outcome arrives as a {@link ReadState}
     * with this {@code requestId} in a later Ready; failures are reported the same way.
     */
    public void readIndex(long requestId) {
        if (role == Role.LEADER) {
            if (reads.leaderRead(id, requestId, term)) replication.broadcastHeartbeat(reads.currentRound());
        } else if (leader == 0 || leader == id) {
            out.report(ReadState.failed(requestId, ReadState.Outcome.NO_LEADER));
        } else {
            reads.forward(requestId, leader, term);
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
            out.send(new TimeoutNow(id, targetId, term));
        } else {
            replication.sendAppend(targetId, true);
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
            if (self != null && self.maybeUpdate(log.persistedIndex()) && replication.maybeCommit()) {
                replication.broadcastAppend();
                afterCommitMayHaveMoved();
            }
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
        replication.offerSnapshot(meta);
    }

    /**
     * As {@link #snapshotTaken(SnapshotMetadata)}, for a snapshot at {@code index} (at most the
     * applied index, not yet compacted) with the configuration {@code conf} in force there.
     */
    public void snapshotTaken(long index, ConfState conf) {
        long snapshotTerm;
        try {
            snapshotTerm = log.term(index);
        } catch (LogCompactedException | LogUnavailableException e) {
            throw new IllegalArgumentException("no term known for snapshot index " + index + ": " + e.getMessage(), e);
        }
        snapshotTaken(new SnapshotMetadata(index, snapshotTerm, conf));
    }

    /**
     * Applies a committed configuration change (call it when applying the CONF_CHANGE entry) and
     * returns the configuration now in force. Invalid changes (removing the last voter, removing a
     * stranger) leave the configuration unchanged. A leader removed or demoted steps down.
     */
    public ConfState applyConfChange(ConfChange change) {
        if (role == Role.LEADER && change.type() == ConfChange.Type.REMOVE && change.memberId() != id) {
            sendFarewell(change.memberId());
        }
        boolean changed = members.apply(change, log.lastIndex() + 1);
        if (changed && role == Role.LEADER) {
            if (!members.isVoter(id)) {
                becomeFollower(term, 0);
            } else {
                if (leadTransferee != 0 && !members.isVoter(leadTransferee)) leadTransferee = 0;
                replication.maybeCommit(); // the quorum changed
                replication.broadcastAppend(); // also starts probing a newly added member
                afterCommitMayHaveMoved();
            }
        }
        return members.confState();
    }

    /**
     * A removed member gets no more messages once its progress is gone, and its replication may be
     * paused right now: send it the committed entries after its match index, so it can apply its
     * own removal (and stop) instead of waiting for a leader that no longer talks to it.
     */
    private void sendFarewell(long member) {
        Progress pr = members.progress(member);
        if (pr == null) return;
        try {
            List<Entry> entries = log.entries(pr.match + 1, log.committed + 1, config.maxSizePerMsg());
            out.send(new AppendEntries(id, member, term, pr.match, log.term(pr.match), entries, log.committed));
        } catch (LogCompactedException | LogUnavailableException e) {
            // too far behind to learn it from the log: it stays an idle follower until stopped
        }
    }

    /** The transport could not reach {@code memberId}: stop streaming to it optimistically. */
    public void reportUnreachable(long memberId) {
        if (role == Role.LEADER) replication.unreachable(memberId);
    }

    /** Out-of-band snapshot delivery result; a failure returns the member to probing. */
    public void reportSnapshot(long memberId, boolean ok) {
        if (role == Role.LEADER) replication.snapshotReported(memberId, ok);
    }

    // ---------------------------------------------------------------- outputs

    public boolean hasReady() {
        return !softState().equals(lastSoftState)
                || !hardState().equals(lastHardState)
                || log.hasEntriesToPersist()
                || log.snapshotToPersist().isPresent()
                || !out.isEmpty()
                || log.hasEntriesToApply();
    }

    /** The effects accumulated since the last {@link #advance(Ready)}; calling it twice returns the same. */
    public Ready ready() {
        SoftState soft = softState();
        HardState hard = hardState();
        List<Entry> toPersist = log.entriesToPersist();
        Optional<Snapshot> snapshot = log.snapshotToPersist();
        boolean termOrVoteChanged = hard.term() != lastHardState.term() || hard.vote() != lastHardState.vote();
        return new Ready(
                soft.equals(lastSoftState) ? Optional.empty() : Optional.of(soft),
                hard.equals(lastHardState) ? Optional.empty() : Optional.of(hard),
                toPersist,
                snapshot,
                log.entriesToApply(config.maxSizePerMsg()),
                out.now,
                out.afterPersist,
                out.readStates,
                !toPersist.isEmpty() || snapshot.isPresent() || termOrVoteChanged);
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
        out.taken(rd);
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
        if (role == Role.LEADER) reads.failAll(term);
        leader = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        resetRandomizedElectionTimeout();
        leadTransferee = 0;
        votes.clear();
        members.resetProgress(log.lastIndex() + 1);
        pendingConfIndex = 0;
        uncommittedBytes = 0;
        follower.reset();
    }

    private void resetRandomizedElectionTimeout() {
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    private void becomeFollower(long newTerm, long newLeader) {
        reset(newTerm);
        role = Role.FOLLOWER;
        leader = newLeader;
    }

    private void becomeLeader(boolean electedAlone) {
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
        log.append(List.of(new Entry(log.lastIndex() + 1, term, Entry.Type.NORMAL, Bytes.EMPTY)));
        // votes from others arrived only after our term was durable; a lone voter's term may not be yet
        replication.lead(term, electedAlone ? log.lastIndex() : 0);
        pendingConfIndex = log.lastIndex(); // no conf change until everything before is applied
        replication.broadcastAppend();
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
            else becomeLeader(true);
            return;
        }
        long lastIndex = log.lastIndex();
        long lastTerm = log.lastTerm();
        for (long v : members.voters()) {
            if (v == id) continue;
            RequestVote rv = new RequestVote(id, v, voteTerm, lastIndex, lastTerm, preVote, transfer);
            // a real vote request promises our new term and self-vote are durable
            if (preVote) out.send(rv);
            else out.sendAfterPersist(rv);
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
            out.send(response);
        } else {
            out.sendAfterPersist(response); // the vote must be durable before it is promised
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
                        else becomeLeader(false);
                    }
                    case LOST -> becomeFollower(term, 0);
                    case PENDING -> {}
                }
            }
            case ReadIndexResponse r -> reads.onResponse(r);
            default -> {}
        }
    }

    // ---------------------------------------------------------------- follower

    private void stepFollower(Message m) {
        switch (m) {
            case AppendEntries a -> {
                electionElapsed = 0;
                leader = a.from();
                follower.onAppend(a, term);
            }
            case Heartbeat h -> {
                electionElapsed = 0;
                leader = h.from();
                log.commitTo(Math.min(h.commit(), log.lastIndex()));
                out.send(new HeartbeatResponse(id, h.from(), term, h.readRound()));
            }
            case InstallSnapshot s -> {
                electionElapsed = 0;
                leader = s.from();
                follower.onSnapshotChunk(s, term);
            }
            case TimeoutNow t -> campaignIfAllowed(true);
            case ReadIndexResponse r -> reads.onResponse(r);
            default -> {}
        }
    }

    // ---------------------------------------------------------------- leader

    private void stepLeader(Message m) {
        switch (m) {
            case AppendResponse a -> {
                replication.onAppendResponse(a);
                Progress pr = members.progress(a.from());
                if (pr != null && a.from() == leadTransferee && pr.match == log.lastIndex()) {
                    out.send(new TimeoutNow(id, a.from(), term)); // the target caught up (thesis §3.10)
                }
                afterCommitMayHaveMoved();
            }
            case HeartbeatResponse h -> {
                replication.onHeartbeatResponse(h);
                if (reads.onAck(h.from(), h.readRound(), term)) replication.broadcastHeartbeat(reads.currentRound());
            }
            case SnapshotResponse s -> replication.onSnapshotResponse(s);
            default -> {}
        }
    }

    private void afterCommitMayHaveMoved() {
        if (reads.onCommit(term)) replication.broadcastHeartbeat(reads.currentRound());
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
            out.send(new ReadIndexResponse(id, r.from(), term, r.requestId(), 0, false));
        } else if (reads.leaderRead(r.from(), r.requestId(), term)) {
            replication.broadcastHeartbeat(reads.currentRound());
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
