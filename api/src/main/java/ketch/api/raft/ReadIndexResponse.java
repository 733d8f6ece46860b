package ketch.api.raft;

/** The leader's answer to a {@link ReadIndexRequest}: the read index, or {@code ok = false} when it could not confirm leadership. */
public record ReadIndexResponse(long from, long to, long term, long requestId, long index, boolean ok) implements Message {
    public ReadIndexResponse {
        Message.checkIds(from, to, term);
        if (index < 0) throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
}
