package ketch.raft;

import java.util.Objects;
import ketch.api.Bytes;
import ketch.api.raft.SnapshotMetadata;

/** A complete state-machine snapshot received from the leader: where it sits in the log, and its bytes. */
public record Snapshot(SnapshotMetadata metadata, Bytes data) {
    public Snapshot {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(data, "data");
    }
}
