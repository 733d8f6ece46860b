package ketch.api.raft;

/** Candidate to voter (§5.2). With {@code preVote} it asks whether the voter would grant a vote in {@code term} without anyone changing term (thesis §9.6); {@code leaderTransfer} marks a campaign started by TimeoutNow, which voters grant even inside a leader lease. */
public record RequestVote(long from, long to, long term, long lastIndex, long lastTerm, boolean preVote, boolean leaderTransfer) implements Message {
    public RequestVote {
        Message.checkIds(from, to, term);
        if (lastIndex < 0) throw new IllegalArgumentException("lastIndex must be >= 0, got " + lastIndex);
        if (lastTerm < 0) throw new IllegalArgumentException("lastTerm must be >= 0, got " + lastTerm);
    }
}
