package ketch.api.raft;

/** Leader to the leader-transfer target: campaign now, skipping pre-vote (thesis §3.10). */
public record TimeoutNow(long from, long to, long term) implements Message {
    public TimeoutNow {
        Message.checkIds(from, to, term);
    }
}
