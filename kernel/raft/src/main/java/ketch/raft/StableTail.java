package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.raft.Entry;

/**
 * The entries most recently reported persisted, kept in memory until they are handed out to be
 * applied, so committing them does not read them back from the store. It always ends where the
 * unstable tail begins; a bounded count keeps a leader that cannot commit from holding its log.
 */
final class StableTail {
    private final int maxEntries;
    private final ArrayList<Entry> entries = new ArrayList<>();
    /** Index of entries.get(0). */
    private long offset;

    StableTail(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Entries up to {@code end - 1} became stable; {@code end} is the new start of the unstable tail. */
    void stabilized(List<Entry> stable, long end) {
        if (stable.isEmpty()) return;
        if (entries.isEmpty() || offset + entries.size() != stable.getFirst().index()) {
            entries.clear();
            offset = stable.getFirst().index();
        }
        entries.addAll(stable);
        if (entries.size() > maxEntries) dropBelow(offset + entries.size() - maxEntries);
        assert offset + entries.size() == end;
    }

    /** The stored log is replaced from {@code index} on: forget what we held there. */
    void truncateFrom(long index) {
        if (index <= offset) {
            entries.clear();
        } else if (index < offset + entries.size()) {
            entries.subList((int) (index - offset), entries.size()).clear();
        }
    }

    /** Entries below {@code index} are no longer needed (handed out to be applied). */
    void dropBelow(long index) {
        if (index <= offset) return;
        int n = (int) Math.min(entries.size(), index - offset);
        entries.subList(0, n).clear();
        offset += n;
    }

    void clear() {
        entries.clear();
    }

    /** The entry at {@code index} if held. */
    Optional<Entry> get(long index) {
        if (index < offset || index >= offset + entries.size()) return Optional.empty();
        return Optional.of(entries.get((int) (index - offset)));
    }

    /** Whether every index in {@code [lo, hi)} is held. */
    boolean holds(long lo, long hi) {
        return lo >= offset && hi <= offset + entries.size();
    }

    /** Entries {@code [lo, hi)}, which {@link #holds} must cover. */
    List<Entry> slice(long lo, long hi) {
        return entries.subList((int) (lo - offset), (int) (hi - offset));
    }
}
