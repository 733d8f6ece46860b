package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.raft.Entry;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogUnavailableException;

/**
 * The member's log as the core sees it: the stable part read through {@link RaftStorage}, and an
 * unstable tail (entries, and possibly a received snapshot) kept in memory until the caller
 * reports it persisted. Everything at or above {@code unstableOffset} comes from memory, so a
 * suffix being overwritten in storage is never read.
 *
 * <p>Indexes: {@code applied <= applying <= committed <= lastIndex}; {@code applying} is the last
 * committed entry handed out in a Ready, {@code applied} the last the caller reported applied.
 */
final class RaftLog {
    private final RaftStorage storage;
    private final ArrayList<Entry> unstable = new ArrayList<>();
    /** Index of unstable.get(0); everything below is stable (or inside the pending snapshot). */
    private long unstableOffset;
    /** Unstable entries below this index were already handed out to be persisted. */
    private long offsetInProgress;
    private Optional<Snapshot> pendingSnapshot = Optional.empty();
    private boolean snapshotInProgress;
    /** Persisted entries not yet handed out to be applied: committing them reads no storage. */
    private final StableTail stableTail = new StableTail(STABLE_TAIL_ENTRIES);
    private static final int STABLE_TAIL_ENTRIES = 8192;

    long committed;
    long applying;
    long applied;

    RaftLog(RaftStorage storage) {
        this.storage = storage;
        long first = storage.firstIndex();
        long last = storage.lastIndex();
        if (last < first - 1) {
            throw new IllegalStateException("storage lastIndex " + last + " is below firstIndex - 1 = " + (first - 1));
        }
        unstableOffset = last + 1;
        offsetInProgress = unstableOffset;
        // the state machine restarts from the snapshot, which may lie above a kept catch-up tail
        applied = Math.max(first - 1, storage.snapshot().index());
        applying = applied;
        long commit = storage.hardState().commit();
        if (commit > last) {
            throw new IllegalStateException("stored commit index " + commit + " is past the last stored index " + last);
        }
        committed = Math.max(commit, applied);
    }

    long firstIndex() {
        return pendingSnapshot.map(s -> s.metadata().index() + 1).orElseGet(storage::firstIndex);
    }

    long lastIndex() {
        return unstableOffset + unstable.size() - 1;
    }

    long lastTerm() {
        return termOrZero(lastIndex());
    }

    /**
     * The term at {@code index}.
     *
     * @throws LogCompactedException if compacted behind a snapshot
     * @throws LogUnavailableException if past the last index
     */
    long term(long index) {
        if (index > lastIndex()) throw new LogUnavailableException(index, lastIndex());
        if (index >= unstableOffset) return unstable.get((int) (index - unstableOffset)).term();
        Optional<Entry> held = stableTail.get(index);
        if (held.isPresent()) return held.get().term();
        if (pendingSnapshot.isPresent()) {
            SnapshotMetadata meta = pendingSnapshot.get().metadata();
            if (index == meta.index()) return meta.term();
            throw new LogCompactedException(index, meta.index() + 1);
        }
        return storage.term(index);
    }

    /** The term at {@code index}, or 0 when it is compacted or past the end (0 matches no entry). */
    long termOrZero(long index) {
        try {
            return term(index);
        } catch (LogCompactedException | LogUnavailableException e) {
            return 0;
        }
    }

    boolean matchTerm(long index, long term) {
        if (index == 0) return term == 0;
        try {
            return term(index) == term;
        } catch (LogCompactedException | LogUnavailableException e) {
            return false; // absent or unknown never matches, not even a claimed term 0
        }
    }

    /** Raft §5.4.1: a candidate's log is at least as up to date as ours. */
    boolean isUpToDate(long lastIndex, long lastTerm) {
        long ourTerm = lastTerm();
        return lastTerm > ourTerm || (lastTerm == ourTerm && lastIndex >= lastIndex());
    }

    /**
     * Entries in {@code [lo, hi)} with at most {@code maxBytes} in total (at least one).
     *
     * @throws LogCompactedException if {@code lo} is compacted
     */
    List<Entry> entries(long lo, long hi, long maxBytes) {
        hi = Math.min(hi, lastIndex() + 1);
        if (lo >= hi) return List.of();
        if (lo < firstIndex()) throw new LogCompactedException(lo, firstIndex());
        List<Entry> out = new ArrayList<>();
        long size = 0;
        if (lo < unstableOffset) {
            long stableHi = Math.min(hi, unstableOffset);
            List<Entry> stable = stableTail.holds(lo, stableHi) ? stableTail.slice(lo, stableHi) : storage.entries(lo, stableHi, maxBytes);
            for (Entry e : stable) {
                size += e.sizeBytes();
                if (!out.isEmpty() && size > maxBytes) return out;
                out.add(e);
            }
            if (stable.isEmpty() || stable.getLast().index() < stableHi - 1) return out;
        }
        for (long i = Math.max(lo, unstableOffset); i < hi; i++) {
            Entry e = unstable.get((int) (i - unstableOffset));
            size += e.sizeBytes();
            if (!out.isEmpty() && size > maxBytes) break;
            out.add(e);
        }
        return out;
    }

    /** Appends {@code entries} (consecutive), replacing any suffix from their first index on. */
    void append(List<Entry> entries) {
        if (entries.isEmpty()) return;
        long after = entries.getFirst().index();
        if (after > lastIndex() + 1) {
            throw new IllegalStateException("append at " + after + " would leave a hole after " + lastIndex());
        }
        if (after <= committed) {
            throw new IllegalStateException("append at " + after + " would overwrite committed index " + committed);
        }
        if (after == unstableOffset + unstable.size()) {
            unstable.addAll(entries);
        } else if (after <= unstableOffset) {
            stableTail.truncateFrom(after);
            unstable.clear();
            unstableOffset = after;
            offsetInProgress = after;
            unstable.addAll(entries);
        } else {
            unstable.subList((int) (after - unstableOffset), unstable.size()).clear();
            offsetInProgress = Math.min(offsetInProgress, after);
            unstable.addAll(entries);
        }
    }

    /**
     * Raft §5.3: appends the leader's entries after (prevIndex, prevTerm) if our log matches
     * there, truncating the first conflicting suffix; returns the last new index, or -1 on mismatch.
     */
    long maybeAppend(long prevIndex, long prevTerm, long leaderCommit, List<Entry> entries) {
        if (!matchTerm(prevIndex, prevTerm)) return -1;
        long lastNew = prevIndex + entries.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!matchTerm(e.index(), e.term())) {
                // only a safety violation elsewhere (e.g. a planted bug) can conflict with a committed entry
                if (e.index() <= committed) return CONFLICTS_WITH_COMMITTED;
                append(entries.subList(i, entries.size()));
                break;
            }
        }
        commitTo(Math.min(leaderCommit, lastNew));
        return lastNew;
    }

    /** {@link #maybeAppend} refused to overwrite a committed entry. */
    static final long CONFLICTS_WITH_COMMITTED = -2;

    void commitTo(long index) {
        if (index > committed) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit " + index + " is past the last index " + lastIndex());
            }
            committed = index;
        }
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}, for the
     * fast back-off of a rejected append (etcd's findConflictByTerm).
     */
    long findConflictByTerm(long index, long term) {
        index = Math.min(index, lastIndex());
        while (index > 0) {
            long t;
            try {
                t = term(index);
            } catch (LogCompactedException e) {
                return index;
            }
            if (t <= term) return index;
            index--;
        }
        return 0;
    }

    /** The caller persisted the log up to (index, term): drop that prefix from memory. */
    void stableTo(long index, long term) {
        if (pendingSnapshot.isPresent() && snapshotInProgress) {
            SnapshotMetadata meta = pendingSnapshot.get().metadata();
            boolean coversSnapshot = (index == meta.index() && term == meta.term()) || isInProgressEntry(index, term);
            if (coversSnapshot) {
                pendingSnapshot = Optional.empty();
                snapshotInProgress = false;
            }
        }
        if (pendingSnapshot.isPresent() || !isInProgressEntry(index, term)) return;
        List<Entry> nowStable = unstable.subList(0, (int) (index - unstableOffset + 1));
        if (index > applying) stableTail.stabilized(nowStable, index + 1);
        nowStable.clear();
        unstableOffset = index + 1;
        stableTail.dropBelow(applying + 1);
    }

    /** The entry (index, term) is in the unstable tail and was handed out to be persisted. */
    private boolean isInProgressEntry(long index, long term) {
        if (index < unstableOffset || index >= offsetInProgress || index > lastIndex()) return false;
        return unstable.get((int) (index - unstableOffset)).term() == term; // else overwritten since
    }

    /** The highest index known durable locally (everything below the unstable tail). */
    long persistedIndex() {
        return pendingSnapshot.isPresent() ? 0 : unstableOffset - 1;
    }

    /** Replaces the whole log by a snapshot received from the leader (Raft §7). */
    void restore(Snapshot snapshot) {
        long index = snapshot.metadata().index();
        stableTail.clear();
        unstable.clear();
        unstableOffset = index + 1;
        offsetInProgress = unstableOffset;
        pendingSnapshot = Optional.of(snapshot);
        snapshotInProgress = false;
        committed = index;
        applying = Math.max(applying, index);
    }

    List<Entry> entriesToPersist() {
        long from = Math.max(offsetInProgress, unstableOffset);
        if (from > lastIndex()) return List.of();
        return List.copyOf(unstable.subList((int) (from - unstableOffset), unstable.size()));
    }

    boolean hasEntriesToPersist() {
        return Math.max(offsetInProgress, unstableOffset) <= lastIndex();
    }

    Optional<Snapshot> snapshotToPersist() {
        return snapshotInProgress ? Optional.empty() : pendingSnapshot;
    }

    /** The last index committed entries may be handed out up to: committed and locally durable. */
    private long maxApplicable() {
        return Math.min(committed, persistedIndex());
    }

    boolean hasEntriesToApply() {
        return applying < maxApplicable();
    }

    List<Entry> entriesToApply(long maxBytes) {
        long hi = maxApplicable();
        if (applying >= hi) return List.of();
        return entries(applying + 1, hi + 1, maxBytes);
    }

    /** The caller took a Ready carrying entries up to {@code lastEntry} and maybe the snapshot. */
    void acceptInProgress(long lastEntry, boolean snapshotTaken) {
        if (lastEntry >= offsetInProgress) offsetInProgress = lastEntry + 1;
        if (snapshotTaken) snapshotInProgress = true;
    }

    void acceptApplying(long index) {
        applying = Math.max(applying, index);
        stableTail.dropBelow(applying + 1);
    }

    void appliedTo(long index) {
        applied = Math.max(applied, Math.min(index, applying));
    }
}
