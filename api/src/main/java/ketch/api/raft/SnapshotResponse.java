package ketch.api.raft;

/** Follower to leader: the byte offset it expects next for the snapshot at {@code snapshotIndex}; {@code reject} asks the leader to resume from that offset. The last chunk is answered by an {@link AppendResponse} once the snapshot is durable. */
public record SnapshotResponse(long from, long to, long term, long snapshotIndex, long nextOffset, boolean reject) implements Message {
    public SnapshotResponse {
        Message.checkIds(from, to, term);
        if (snapshotIndex < 0) throw new IllegalArgumentException("snapshotIndex must be >= 0, got " + snapshotIndex);
        if (nextOffset < 0) throw new IllegalArgumentException("nextOffset must be >= 0, got " + nextOffset);
    }
}
