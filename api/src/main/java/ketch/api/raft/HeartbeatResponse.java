package ketch.api.raft;

/** Follower to leader: acknowledges a heartbeat and the read round it carried. */
public record HeartbeatResponse(long from, long to, long term, long readRound) implements Message {
    public HeartbeatResponse {
        Message.checkIds(from, to, term);
        if (readRound < 0) throw new IllegalArgumentException("readRound must be >= 0, got " + readRound);
    }
}
