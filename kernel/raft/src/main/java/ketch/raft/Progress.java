package ketch.raft;

/**
 * The leader's view of one member's log (Raft §5.3 nextIndex/matchIndex) and how it sends to it:
 * PROBE sends one append at a time until a match is found; REPLICATE streams appends
 * optimistically within the inflight window; SNAPSHOT streams a snapshot and sends no entries.
 */
final class Progress {
    enum State {
        PROBE,
        REPLICATE,
        SNAPSHOT
    }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: an append is outstanding, wait for its answer or a heartbeat response. */
    boolean probeSent;
    /** In SNAPSHOT: the index of the snapshot being sent. */
    long pendingSnapshot;
    /** In SNAPSHOT: the byte offset the follower has acknowledged (the next chunk starts here). */
    long snapshotOffset;
    /** In SNAPSHOT: the offset seen at the previous heartbeat response, to detect a stalled stream. */
    long snapshotResendMark = -1;
    /** Heard from since the last check-quorum period. */
    boolean recentActive;
    boolean learner;
    final Inflights inflights;

    Progress(long next, int maxInflightMsgs, long maxInflightBytes, boolean learner) {
        this.next = next;
        this.learner = learner;
        this.inflights = new Inflights(maxInflightMsgs, maxInflightBytes);
    }

    void becomeProbe() {
        if (state == State.SNAPSHOT) {
            next = Math.max(match + 1, pendingSnapshot + 1);
        } else {
            next = match + 1;
        }
        resetState(State.PROBE);
    }

    void becomeReplicate() {
        next = match + 1;
        resetState(State.REPLICATE);
    }

    void becomeSnapshot(long snapshotIndex) {
        resetState(State.SNAPSHOT);
        pendingSnapshot = snapshotIndex;
    }

    private void resetState(State newState) {
        state = newState;
        probeSent = false;
        pendingSnapshot = 0;
        snapshotOffset = 0;
        snapshotResendMark = -1;
        inflights.reset();
    }

    /** An acknowledgement up to {@code index}; true if it raised the match. */
    boolean maybeUpdate(long index) {
        boolean updated = match < index;
        if (updated) {
            match = index;
            probeSent = false;
        }
        next = Math.max(next, index + 1);
        return updated;
    }

    /**
     * A rejection of the append after {@code rejected}; {@code matchHint} is the highest index
     * that may still match. False if the rejection is stale.
     */
    boolean maybeDecrTo(long rejected, long matchHint) {
        if (state == State.REPLICATE) {
            if (rejected <= match) return false;
            next = match + 1;
            return true;
        }
        if (next - 1 != rejected) return false;
        long retry = Math.max(Math.min(rejected, matchHint + 1), match + 1);
        if (retry == next) return false; // no progress possible now (a member contradicting its own ack): wait for a heartbeat
        next = retry;
        probeSent = false;
        return true;
    }

    boolean isPaused() {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflights.full();
            case SNAPSHOT -> true;
        };
    }

    @Override
    public String toString() {
        return state + " match=" + match + " next=" + next + (state == State.SNAPSHOT ? " snapshot=" + pendingSnapshot : "");
    }
}
