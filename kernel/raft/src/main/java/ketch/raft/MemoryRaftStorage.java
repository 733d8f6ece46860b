package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogUnavailableException;

/**
 * An in-memory log with the semantics of {@link ketch.api.spi.LogStore} (append replaces a
 * conflicting suffix, compaction keeps the boundary term), for tests and the simulator. Not
 * thread-safe; everything it holds counts as durable.
 */
public final class MemoryRaftStorage implements RaftStorage {
    private HardState hardState = HardState.EMPTY;
    private SnapshotMetadata snapshot = SnapshotMetadata.EMPTY;
    /** entries.get(i) has index offset + i; the boundary (offset - 1) has term boundaryTerm. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long offset = 1;
    private long boundaryTerm;

    @Override
    public HardState hardState() {
        return hardState;
    }

    public void setHardState(HardState state) {
        this.hardState = state;
    }

    @Override
    public SnapshotMetadata snapshot() {
        return snapshot;
    }

    @Override
    public long firstIndex() {
        return offset;
    }

    @Override
    public long lastIndex() {
        return offset + entries.size() - 1;
    }

    @Override
    public long term(long index) {
        if (index == offset - 1) return boundaryTerm;
        if (index < offset) throw new LogCompactedException(index, offset);
        if (index > lastIndex()) throw new LogUnavailableException(index, lastIndex());
        return entries.get((int) (index - offset)).term();
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo < offset) throw new LogCompactedException(lo, offset);
        if (hi > lastIndex() + 1) throw new LogUnavailableException(hi - 1, lastIndex());
        List<Entry> out = new ArrayList<>();
        long size = 0;
        for (long i = lo; i < hi; i++) {
            Entry e = entries.get((int) (i - offset));
            size += e.sizeBytes();
            if (!out.isEmpty() && size > maxBytes) break;
            out.add(e);
        }
        return out;
    }

    /** Appends consecutive entries, replacing the stored suffix from the first one's index. */
    public void append(List<Entry> newEntries) {
        if (newEntries.isEmpty()) return;
        long first = newEntries.getFirst().index();
        if (first > lastIndex() + 1) {
            throw new IllegalArgumentException("append at " + first + " leaves a hole after " + lastIndex());
        }
        if (first < offset) {
            throw new IllegalArgumentException("append at " + first + " is at or below the compacted prefix " + (offset - 1));
        }
        entries.subList((int) (first - offset), entries.size()).clear();
        for (Entry e : newEntries) {
            if (e.index() != offset + entries.size()) {
                throw new IllegalArgumentException("entries not consecutive at index " + e.index());
            }
            entries.add(e);
        }
    }

    /** Drops entries at or below {@code upTo}; a no-op at or below the current boundary. */
    public void compact(long upTo) {
        if (upTo < offset) return;
        if (upTo > lastIndex()) throw new IllegalArgumentException("compact " + upTo + " is past the last index " + lastIndex());
        boundaryTerm = term(upTo);
        entries.subList(0, (int) (upTo - offset + 1)).clear();
        offset = upTo + 1;
    }

    /** Records a snapshot; discards the log unless it holds the snapshot's index and term. */
    public void applySnapshot(SnapshotMetadata meta) {
        boolean holds = meta.index() >= offset - 1 && meta.index() <= lastIndex() && term(meta.index()) == meta.term();
        if (!holds) {
            entries.clear();
            offset = meta.index() + 1;
            boundaryTerm = meta.term();
        }
        snapshot = meta;
    }

    /**
     * Writes what a Ready asks to persist, in the contract's order (snapshot, entries, hard
     * state). The caller then reports {@code persisted} to the core.
     */
    public void persist(Ready rd) {
        rd.snapshot().ifPresent(s -> applySnapshot(s.metadata()));
        append(rd.entries());
        rd.hardState().ifPresent(this::setHardState);
    }
}
