package ketch.api.raft;

/** Follower to leader: on success, {@code index} is the last index now known to match; on reject, {@code index} is the rejected prevIndex and the hint names the highest index whose term is at most the leader's prevTerm (fast back-off). */
public record AppendResponse(long from, long to, long term, long index, boolean reject, long rejectHint, long rejectHintTerm) implements Message {
    public AppendResponse {
        Message.checkIds(from, to, term);
        if (index < 0) throw new IllegalArgumentException("index must be >= 0, got " + index);
        if (rejectHint < 0) throw new IllegalArgumentException("rejectHint must be >= 0, got " + rejectHint);
        if (rejectHintTerm < 0) throw new IllegalArgumentException("rejectHintTerm must be >= 0, got " + rejectHintTerm);
    }
}
