package ketch.api.raft;

/** Voter to candidate: whether the (pre-)vote is granted. */
public record VoteResponse(long from, long to, long term, boolean preVote, boolean granted) implements Message {
    public VoteResponse {
        Message.checkIds(from, to, term);
    }
}
