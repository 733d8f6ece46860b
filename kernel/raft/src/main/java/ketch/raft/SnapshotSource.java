package ketch.raft;

import java.util.Optional;
import ketch.api.raft.SnapshotMetadata;

/**
 * Where a leader reads the bytes of a state-machine snapshot to stream it to a lagging follower in
 * chunks. Called on the raft lane, so it must answer quickly (e.g. from a file or memory).
 */
@FunctionalInterface
public interface SnapshotSource {
    /** A source with no snapshots: a leader with a compacted log cannot catch followers up. */
    SnapshotSource NONE = (meta, offset, maxBytes) -> Optional.empty();

    /**
     * Up to {@code maxBytes} bytes of the snapshot {@code meta} starting at {@code offset}, or
     * empty if that snapshot no longer exists (the leader then probes again and uses a newer one).
     * An exception is treated like empty.
     */
    Optional<SnapshotChunk> read(SnapshotMetadata meta, long offset, int maxBytes);
}
