package ketch.api.raft;

import java.util.Objects;
import ketch.api.Bytes;

/** Leader to follower: one chunk of a state-machine snapshot (§7); {@code offset} is the chunk's position in the snapshot bytes, {@code done} marks the last chunk. */
public record InstallSnapshot(long from, long to, long term, SnapshotMetadata snapshot, long offset, Bytes chunk, boolean done) implements Message {
    public InstallSnapshot {
        Message.checkIds(from, to, term);
        Objects.requireNonNull(snapshot, "snapshot");
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        Objects.requireNonNull(chunk, "chunk");
    }
}
