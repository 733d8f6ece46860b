package ketch.raft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The leader's batched ReadIndex (thesis §6.4). Reads wait in numbered rounds; a round is
 * confirmed when a quorum has acknowledged a heartbeat carrying that round number (or a later
 * one), which proves the member was still leader after every read of the round arrived. One
 * round is in flight at a time; reads arriving meanwhile share the next round.
 */
final class ReadRounds {
    /** A read waiting for confirmation; {@code from} is the member that asked (the leader itself or a follower). */
    record PendingRead(long from, long requestId, long index, long round) {}

    private final ArrayDeque<PendingRead> pending = new ArrayDeque<>();
    private final TreeMap<Long, Long> acked = new TreeMap<>();
    private long started;
    private long confirmed;

    /** The round heartbeats should carry now. */
    long currentRound() {
        return started;
    }

    /**
     * Queues a read at {@code index}; true if the caller must start a new round now (broadcast
     * heartbeats carrying {@link #currentRound()}).
     */
    boolean add(long from, long requestId, long index) {
        if (started == confirmed) {
            started++;
            pending.add(new PendingRead(from, requestId, index, started));
            return true;
        }
        pending.add(new PendingRead(from, requestId, index, started + 1));
        return false;
    }

    /**
     * Records that {@code member} acknowledged {@code round}; returns the reads that became
     * confirmed. {@code selfId} counts as having acknowledged every started round.
     */
    List<PendingRead> ack(long member, long round, long selfId, Collection<Long> voters) {
        if (round <= 0 || round > started) return List.of();
        acked.merge(member, round, Math::max);
        long quorumRound = Majority.committedIndex(voters, v -> v == selfId ? started : acked.getOrDefault(v, 0L));
        if (quorumRound <= confirmed) return List.of();
        confirmed = Math.min(quorumRound, started);
        List<PendingRead> ready = new ArrayList<>();
        while (!pending.isEmpty() && pending.peekFirst().round() <= confirmed) ready.add(pending.pollFirst());
        return ready;
    }

    /** After a round completed: true if reads are waiting for the next one, which is now started. */
    boolean startNextIfWaiting() {
        if (started == confirmed && !pending.isEmpty()) {
            started++;
            return true;
        }
        return false;
    }

    /** Removes and returns every waiting read (leadership lost). */
    List<PendingRead> drain() {
        List<PendingRead> all = new ArrayList<>(pending);
        pending.clear();
        acked.clear();
        started = 0;
        confirmed = 0;
        return all;
    }

    int size() {
        return pending.size();
    }
}
