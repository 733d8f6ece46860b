package ketch.raft.sim;

import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogUnavailableException;

/**
 * A simulated disk holding one node's log and hard state. Writes land in an UNSYNCED part at
 * once (reads see them, as with a real store's page cache) and become DURABLE on {@link #sync()}.
 * {@link #crash} throws away the unsynced part, or — in the torn variant — keeps only a prefix of
 * it, cutting the last surviving append short. Crashing never leaves a hole in the log.
 */
final class SimDisk implements LogStore {

    /** One unsynced write, with what it replaced so a crash can roll it back. */
    private sealed interface Write {}

    private record Append(List<Entry> entries, List<Entry> replaced) implements Write {}

    private record SetHardState(HardState state, HardState previous) implements Write {}

    private record Rebase(Image previous) implements Write {} // compaction or snapshot install

    /** The whole content, copied only for the rare compaction and snapshot install. */
    private record Image(List<Entry> log, long boundaryIndex, long boundaryTerm, SnapshotMetadata snapshot) {}

    private final List<Entry> log = new ArrayList<>(); // log.get(0) has index boundaryIndex + 1
    private long boundaryIndex;
    private long boundaryTerm;
    private SnapshotMetadata snapshot = SnapshotMetadata.EMPTY;
    private HardState hardState = HardState.EMPTY;
    private final List<Write> unsynced = new ArrayList<>();

    @Override
    public void append(List<Entry> entries) {
        write(entries);
    }

    /** Appends like {@link #append} and returns the stored entries it replaced. */
    List<Entry> write(List<Entry> entries) {
        if (entries.isEmpty()) return List.of();
        long first = entries.getFirst().index();
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != first + i) {
                throw new IllegalArgumentException("entries not consecutive: index " + entries.get(i).index() + " follows " + (first + i - 1));
            }
        }
        if (first > lastIndex() + 1) throw new IllegalArgumentException("append at " + first + " leaves a hole after " + lastIndex());
        if (first <= boundaryIndex) throw new IllegalArgumentException("append at " + first + " is at or below the compacted prefix " + boundaryIndex);
        List<Entry> replaced = truncateFrom(first);
        log.addAll(entries);
        unsynced.add(new Append(List.copyOf(entries), replaced));
        return replaced;
    }

    private List<Entry> truncateFrom(long index) {
        int from = (int) (index - boundaryIndex - 1);
        List<Entry> tail = log.subList(from, log.size());
        List<Entry> removed = List.copyOf(tail);
        tail.clear();
        return removed;
    }

    @Override
    public void setHardState(HardState state) {
        unsynced.add(new SetHardState(state, hardState));
        hardState = state;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public void sync() {
        unsynced.clear();
    }

    /** True when every write so far is durable. */
    boolean allSynced() {
        return unsynced.isEmpty();
    }

    @Override
    public long firstIndex() {
        return boundaryIndex + 1;
    }

    @Override
    public long lastIndex() {
        return boundaryIndex + log.size();
    }

    @Override
    public long term(long index) {
        if (index == boundaryIndex) return boundaryTerm;
        if (index < boundaryIndex) throw new LogCompactedException(index, firstIndex());
        if (index > lastIndex()) throw new LogUnavailableException(index, lastIndex());
        return log.get((int) (index - boundaryIndex - 1)).term();
    }

    /** The entry at {@code index}, which must be held. */
    Entry entry(long index) {
        if (index <= boundaryIndex) throw new LogCompactedException(index, firstIndex());
        if (index > lastIndex()) throw new LogUnavailableException(index, lastIndex());
        return log.get((int) (index - boundaryIndex - 1));
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo < firstIndex()) throw new LogCompactedException(lo, firstIndex());
        if (hi > lastIndex() + 1) throw new LogUnavailableException(hi - 1, lastIndex());
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = lo; i < hi; i++) {
            Entry e = entry(i);
            bytes += e.sizeBytes();
            if (!out.isEmpty() && bytes > maxBytes) break;
            out.add(e);
        }
        return out;
    }

    @Override
    public void compact(long upTo) {
        if (upTo <= boundaryIndex) return;
        if (upTo > lastIndex()) throw new IllegalArgumentException("compact up to " + upTo + " is past the last index " + lastIndex());
        unsynced.add(new Rebase(image()));
        long term = term(upTo);
        log.subList(0, (int) (upTo - boundaryIndex)).clear();
        boundaryIndex = upTo;
        boundaryTerm = term;
    }

    @Override
    public void applySnapshot(SnapshotMetadata meta) {
        unsynced.add(new Rebase(image()));
        boolean holds = meta.index() > boundaryIndex && meta.index() <= lastIndex() && term(meta.index()) == meta.term();
        if (!holds) {
            log.clear();
            boundaryIndex = meta.index();
            boundaryTerm = meta.term();
        }
        snapshot = meta;
    }

    @Override
    public SnapshotMetadata snapshot() {
        return snapshot;
    }

    @Override
    public void close() {}

    /**
     * Simulates power loss. With {@code keepWrites == 0} every unsynced write is lost; otherwise
     * the first {@code keepWrites} unsynced writes survive, and of the last surviving one, if it is
     * an append, only its first {@code keepEntriesOfLast} entries (a torn write).
     */
    void crash(int keepWrites, int keepEntriesOfLast) {
        List<Write> pending = List.copyOf(unsynced);
        for (int i = pending.size() - 1; i >= 0; i--) undo(pending.get(i));
        unsynced.clear();
        int keep = Math.min(keepWrites, pending.size());
        for (int i = 0; i < keep; i++) {
            Write w = pending.get(i);
            boolean last = i == keep - 1;
            switch (w) {
                case Append a -> append(last ? a.entries().subList(0, Math.max(1, Math.min(keepEntriesOfLast, a.entries().size()))) : a.entries());
                case SetHardState s -> setHardState(s.state());
                case Rebase r -> {} // compaction and snapshot install are never torn: the survivors stop before one
            }
            if (w instanceof Rebase) break;
        }
        unsynced.clear();
    }

    /** Number of unsynced writes (for choosing a torn crash). */
    int unsyncedWrites() {
        return unsynced.size();
    }

    private void undo(Write w) {
        switch (w) {
            case Append a -> {
                truncateFrom(a.entries().getFirst().index());
                log.addAll(a.replaced());
            }
            case SetHardState s -> hardState = s.previous();
            case Rebase r -> restore(r.previous());
        }
    }

    private Image image() {
        return new Image(List.copyOf(log), boundaryIndex, boundaryTerm, snapshot);
    }

    private void restore(Image image) {
        log.clear();
        log.addAll(image.log());
        boundaryIndex = image.boundaryIndex();
        boundaryTerm = image.boundaryTerm();
        snapshot = image.snapshot();
    }
}
