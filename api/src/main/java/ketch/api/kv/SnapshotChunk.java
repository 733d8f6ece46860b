package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * One message of etcd's Snapshot stream: a piece of the state ({@code blob}) and how many bytes
 * of the stream are still to come after it; the last message is the SHA-256 of all the others.
 */
public record SnapshotChunk(long remainingBytes, Bytes blob) {
    public SnapshotChunk {
        Objects.requireNonNull(blob, "blob");
        if (remainingBytes < 0) throw new IllegalArgumentException("remainingBytes " + remainingBytes + " is negative");
    }
}
