package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ketch.api.raft.ReadIndexRequest;
import ketch.api.raft.ReadIndexResponse;

/**
 * Linearizable reads (thesis §6.4) on both sides: the leader confirms leadership in batched
 * heartbeat rounds ({@link ReadRounds}) once it has committed an entry of its term; a follower
 * asks the leader and times the question out. Every request ends as a {@link ReadState}.
 */
final class ReadIndex {
    private final RaftConfig config;
    private final long id;
    private final RaftLog log;
    private final Membership members;
    private final Outbox out;
    private final ReadRounds rounds = new ReadRounds();
    /** Leader: (from, requestId) pairs waiting for the first commit of the term. */
    private final List<long[]> awaitingCommit = new ArrayList<>();
    /** Follower: request id → ticks waited for the leader's answer. */
    private final TreeMap<Long, Integer> forwarded = new TreeMap<>();

    ReadIndex(RaftConfig config, RaftLog log, Membership members, Outbox out) {
        this.config = config;
        this.id = config.id();
        this.log = log;
        this.members = members;
        this.out = out;
    }

    /** The read round heartbeats should carry now. */
    long currentRound() {
        return rounds.currentRound();
    }

    /**
     * A leader in {@code term} handles a read from {@code from} (itself or a follower); returns
     * true if a new round must be broadcast.
     */
    boolean leaderRead(long from, long requestId, long term) {
        if (config.has(PlantedBug.READ_WITHOUT_READ_INDEX)) {
            answer(from, requestId, log.committed, term);
            return false;
        }
        if (log.termOrZero(log.committed) != term) {
            // step 1 of §6.4: only once an entry of its term is committed does the leader know the commit index
            awaitingCommit.add(new long[] {from, requestId});
            return false;
        }
        if (members.voters().size() == 1 && members.isVoter(id)) {
            answer(from, requestId, log.committed, term);
            return false;
        }
        return rounds.add(from, requestId, log.committed);
    }

    /** After the commit index moved: reads waiting for the term's first commit may proceed. Returns true if a round must start. */
    boolean onCommit(long term) {
        if (awaitingCommit.isEmpty() || log.termOrZero(log.committed) != term) return false;
        List<long[]> waiting = List.copyOf(awaitingCommit);
        awaitingCommit.clear();
        boolean broadcast = false;
        for (long[] w : waiting) broadcast |= leaderRead(w[0], w[1], term);
        return broadcast;
    }

    /** A follower acknowledged {@code round}; returns true if the next round must be broadcast. */
    boolean onAck(long member, long round, long term) {
        if (round <= 0) return false;
        for (ReadRounds.PendingRead r : rounds.ack(member, round, id, members.voters())) {
            answer(r.from(), r.requestId(), r.index(), term);
        }
        return rounds.startNextIfWaiting();
    }

    /** Leadership ended: every waiting read fails, visibly. */
    void failAll(long term) {
        List<long[]> waiting = List.copyOf(awaitingCommit);
        awaitingCommit.clear();
        for (long[] w : waiting) fail(w[0], w[1], term);
        for (ReadRounds.PendingRead r : rounds.drain()) fail(r.from(), r.requestId(), term);
    }

    /** A follower forwards its read to {@code leader}. */
    void forward(long requestId, long leader, long term) {
        out.send(new ReadIndexRequest(id, leader, term, requestId));
        forwarded.put(requestId, 0);
    }

    void onResponse(ReadIndexResponse r) {
        if (forwarded.remove(r.requestId()) == null) return;
        out.report(r.ok() ? ReadState.ready(r.requestId(), r.index())
                : ReadState.failed(r.requestId(), ReadState.Outcome.NOT_LEADER));
    }

    /** One tick: forwarded reads unanswered for two election timeouts fail with TIMEOUT. */
    void tick() {
        if (forwarded.isEmpty()) return;
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : forwarded.entrySet()) {
            int age = e.getValue() + 1;
            e.setValue(age);
            if (age >= 2 * config.electionTicks()) expired.add(e.getKey());
        }
        for (long requestId : expired) {
            forwarded.remove(requestId);
            out.report(ReadState.failed(requestId, ReadState.Outcome.TIMEOUT));
        }
    }

    private void answer(long from, long requestId, long index, long term) {
        if (from == id) out.report(ReadState.ready(requestId, index));
        else out.send(new ReadIndexResponse(id, from, term, requestId, index, true));
    }

    private void fail(long from, long requestId, long term) {
        if (from == id) out.report(ReadState.failed(requestId, ReadState.Outcome.NOT_LEADER));
        else out.send(new ReadIndexResponse(id, from, term, requestId, 0, false));
    }
}
