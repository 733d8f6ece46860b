package ketch.raft;

import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;

/**
 * The read-only view through which the core reads its STABLE log: exactly the read half of
 * {@link ketch.api.spi.LogStore}, so a node adapts a store in one line ({@code store::term} ...)
 * and the simulator passes a memory log. The core keeps entries not yet reported persisted in
 * memory and never reads them from here.
 */
public interface RaftStorage {
    /** The last hard state written; {@link HardState#EMPTY} when new. */
    HardState hardState();

    /** The last snapshot recorded; {@link SnapshotMetadata#EMPTY} if none. */
    SnapshotMetadata snapshot();

    /** The first index held; {@code snapshot().index() + 1} after compaction, 1 when new. */
    long firstIndex();

    /** The last index held; {@code firstIndex() - 1} when empty. */
    long lastIndex();

    /**
     * The term at {@code index}; answers for {@code firstIndex() - 1} too, and 0 for index 0.
     *
     * @throws ketch.api.spi.LogCompactedException below that boundary
     * @throws ketch.api.spi.LogUnavailableException above {@link #lastIndex()}
     */
    long term(long index);

    /**
     * Entries in {@code [lo, hi)}, stopping before their total {@link Entry#sizeBytes()} exceeds
     * {@code maxBytes} but always at least one when the range is not empty.
     *
     * @throws ketch.api.spi.LogCompactedException if {@code lo < firstIndex()}
     * @throws ketch.api.spi.LogUnavailableException if {@code hi > lastIndex() + 1}
     */
    List<Entry> entries(long lo, long hi, long maxBytes);

    /** Adapts the read half of a {@link ketch.api.spi.LogStore}. */
    static RaftStorage of(ketch.api.spi.LogStore store) {
        return new RaftStorage() {
            @Override
            public HardState hardState() {
                return store.hardState();
            }

            @Override
            public SnapshotMetadata snapshot() {
                return store.snapshot();
            }

            @Override
            public long firstIndex() {
                return store.firstIndex();
            }

            @Override
            public long lastIndex() {
                return store.lastIndex();
            }

            @Override
            public long term(long index) {
                return store.term(index);
            }

            @Override
            public List<Entry> entries(long lo, long hi, long maxBytes) {
                return store.entries(lo, hi, maxBytes);
            }
        };
    }
}
