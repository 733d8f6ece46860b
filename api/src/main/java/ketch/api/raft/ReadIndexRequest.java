package ketch.api.raft;

/** A follower asks the leader for a linearizable read index (thesis §6.4) for its own request id. */
public record ReadIndexRequest(long from, long to, long term, long requestId) implements Message {
    public ReadIndexRequest {
        Message.checkIds(from, to, term);
    }
}
