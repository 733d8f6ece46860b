package ketch.raft;

import java.util.Arrays;
import ketch.api.Bytes;
import ketch.api.raft.SnapshotMetadata;

/** A follower's assembly of one snapshot streamed in chunks by one leader in one term. */
final class SnapshotReceiver {
    enum Result {
        ACCEPTED,
        DUPLICATE,
        OUT_OF_ORDER,
        TOO_LARGE,
        COMPLETE
    }

    private static final int MAX_BYTES = Integer.MAX_VALUE - 16;

    private final long leader;
    private final long term;
    private final SnapshotMetadata meta;
    private byte[] buffer = new byte[0];
    private int size;

    SnapshotReceiver(long leader, long term, SnapshotMetadata meta) {
        this.leader = leader;
        this.term = term;
        this.meta = meta;
    }

    boolean isFor(long from, long inTerm, SnapshotMetadata snapshot) {
        return leader == from && term == inTerm && meta.equals(snapshot);
    }

    long expectedOffset() {
        return size;
    }

    Result accept(long offset, Bytes chunk, boolean done) {
        if (offset < size) return Result.DUPLICATE;
        if (offset > size) return Result.OUT_OF_ORDER;
        if ((long) size + chunk.size() > MAX_BYTES) return Result.TOO_LARGE;
        if (size + chunk.size() > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BYTES, Math.max(size + (long) chunk.size(), 2L * buffer.length)));
        }
        chunk.copyTo(buffer, size);
        size += chunk.size();
        return done ? Result.COMPLETE : Result.ACCEPTED;
    }

    Snapshot snapshot() {
        return new Snapshot(meta, Bytes.wrap(Arrays.copyOf(buffer, size)));
    }
}
