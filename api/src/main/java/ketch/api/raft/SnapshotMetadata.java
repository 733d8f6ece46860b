package ketch.api.raft;

import java.util.Objects;

/** Where a state-machine snapshot sits in the log, and the configuration in force at that point. */
public record SnapshotMetadata(long index, long term, ConfState conf) {
    public static final SnapshotMetadata EMPTY = new SnapshotMetadata(0, 0, ConfState.EMPTY);

    public SnapshotMetadata {
        if (index < 0 || term < 0) throw new IllegalArgumentException("snapshot index/term must be >= 0");
        Objects.requireNonNull(conf, "conf");
    }
}
