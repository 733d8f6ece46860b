package ketch.raft;

import java.util.Objects;
import ketch.api.Bytes;

/** A piece of a snapshot's bytes from a {@link SnapshotSource}; {@code last} when it reaches the end. */
public record SnapshotChunk(Bytes data, boolean last) {
    public SnapshotChunk {
        Objects.requireNonNull(data, "data");
    }
}
