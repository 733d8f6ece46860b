package ketch.api.spi;

import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;

/**
 * The durable Raft log and hard state of one member. A store makes no consensus decisions: it
 * keeps what it is given, in order, and says what it holds.
 *
 * <p>Threading: one writer (the node's append lane) calls the mutating methods; readers (the raft
 * lane, snapshot senders) may call the read methods concurrently with it and must see a
 * consistent log (a prefix of what was appended, never a torn entry).
 *
 * <p>Durability: nothing is promised until {@link #sync()} returns; then every earlier append,
 * hard state and snapshot change survives a crash. A crash before {@code sync} may lose a suffix
 * of unsynced entries but must never leave a hole, a torn or corrupt entry visible, or a store
 * that fails to open. Group commit is the caller's: it appends a whole batch, then syncs once,
 * so {@code sync} must be cheap per batch, not per entry.
 */
public interface LogStore extends AutoCloseable {

    /**
     * Appends {@code entries}, which have consecutive indexes. The first index may be at most
     * {@code lastIndex() + 1}; if it is lower, the stored suffix from that index on is replaced
     * (Raft truncates a conflicting suffix this way). An empty list is a no-op.
     *
     * @throws IllegalArgumentException if the entries would leave a hole or are not consecutive,
     *     or the first index is at or below the compacted prefix.
     */
    void append(List<Entry> entries);

    /** Records the hard state; durable with the next {@link #sync()}. */
    void setHardState(HardState state);

    /** The last hard state set (durable or not); {@link HardState#EMPTY} for a new store. */
    HardState hardState();

    /** Makes every earlier append, hard state and snapshot change durable (fsync). */
    void sync();

    /**
     * The first index still held; {@code snapshot().index() + 1} right after a compaction or
     * snapshot install, 1 for a new store.
     */
    long firstIndex();

    /** The last index held; {@code firstIndex() - 1} when the log is empty. */
    long lastIndex();

    /**
     * The term of the entry at {@code index}. Answers for {@code firstIndex() - 1} too (the
     * compaction boundary keeps its term), and 0 for index 0.
     *
     * @throws LogCompactedException below that boundary
     * @throws LogUnavailableException above {@link #lastIndex()}
     */
    long term(long index);

    /**
     * Entries in {@code [lo, hi)}, stopping before the total {@link Entry#sizeBytes()} exceeds
     * {@code maxBytes} but always returning at least one entry when the range is not empty.
     *
     * @throws LogCompactedException if {@code lo < firstIndex()}
     * @throws LogUnavailableException if {@code hi > lastIndex() + 1}
     */
    List<Entry> entries(long lo, long hi, long maxBytes);

    /**
     * Drops every entry at or below {@code upTo} (which must be at most {@link #lastIndex()});
     * {@code firstIndex()} becomes {@code upTo + 1} and {@code term(upTo)} still answers. The
     * caller has a state-machine snapshot covering {@code upTo}. Compacting at or below the
     * current boundary is a no-op.
     */
    void compact(long upTo);

    /**
     * Records that a snapshot at {@code meta} exists. If the log does not hold an entry at
     * {@code meta.index()} with {@code meta.term()} (a follower installing a leader's snapshot),
     * the whole log is discarded and restarts after the snapshot; otherwise the log is unchanged.
     */
    void applySnapshot(SnapshotMetadata meta);

    /** The last snapshot recorded; {@link SnapshotMetadata#EMPTY} if none. */
    SnapshotMetadata snapshot();

    /** Closes the store; unsynced writes may be lost, as in a crash. */
    @Override
    void close();
}
