package ketch.store.chronicle;

import java.nio.file.Path;
import java.util.Arrays;
import ketch.api.raft.SnapshotMetadata;

/**
 * Rebuilds the log from the queue's records in append order, as the appends built it: an entry at
 * {@code last + 1} extends the log, an entry at a held index replaces the suffix from there, a
 * restart record empties the log after its snapshot. Damaged records and entries that would leave
 * a hole (written after a damaged or lost one, or stale ones the log moved past) are skipped.
 */
final class Replay {
    private long[] slots = new long[1024]; // queue index of start + k
    private boolean any;
    private boolean startFixed; // set by a restart record: nothing below it can come back
    private long start;
    private long last;
    private SnapshotMetadata restart;
    private long damaged;
    private long skipped;
    private long visited;

    /** Starts from a checkpoint instead of an empty log: the records it covers are not replayed. */
    void resume(IndexCheckpoint.Overlay o) {
        any = true;
        startFixed = true; // nothing at or below a durable boundary can be appended again
        start = o.first();
        last = o.first() + o.count() - 1;
        slots = Arrays.copyOf(o.queueIndexes(), Math.max(1024, o.count() * 2));
    }

    void accept(long queueIndex, QueueRecord r) {
        visited++;
        switch (r) {
            case QueueRecord.Damaged d -> damaged++;
            case QueueRecord.Restart s -> {
                restart = s.snapshot();
                any = true;
                startFixed = true;
                start = s.snapshot().index() + 1;
                last = s.snapshot().index();
            }
            case QueueRecord.Appended a -> {
                long i = a.entry().index();
                if (!any || (i < start && !startFixed)) {
                    // the oldest record held (older cycles were compacted away), or one replacing everything
                    any = true;
                    start = i;
                    last = i - 1;
                }
                if (i >= start && i <= last + 1) {
                    put(i, queueIndex);
                } else {
                    skipped++;
                }
            }
        }
    }

    private void put(long index, long queueIndex) {
        int k = (int) (index - start);
        if (k >= slots.length) slots = Arrays.copyOf(slots, Math.max(slots.length * 2, k + 1));
        slots[k] = queueIndex;
        last = index;
    }

    /** Records replayed (after the checkpoint, if one was used). */
    long visited() {
        return visited;
    }

    /** Records that failed their checksum. */
    long damaged() {
        return damaged;
    }

    /** Entries that did not continue the log where they stood. */
    long skipped() {
        return skipped;
    }

    /** The log after the durable compaction boundary (or a later restart record's snapshot). */
    LogView view(StateFile.State state, Path where) {
        long boundary = state.boundaryIndex();
        long boundaryTerm = state.boundaryTerm();
        if (restart != null && restart.index() > boundary) {
            boundary = restart.index();
            boundaryTerm = restart.term();
        }
        LogView empty = LogView.empty(boundary, boundaryTerm);
        if (!any || last <= boundary) return empty;
        if (start > boundary + 1) {
            throw new IllegalStateException("log corrupt in " + where + ": entries " + (boundary + 1) + ".." + (start - 1)
                    + " are missing; the queue holds " + start + ".." + last + " after the compaction boundary " + boundary);
        }
        int from = (int) (boundary + 1 - start);
        int to = (int) (last - start + 1);
        return empty.append(boundary + 1, Arrays.copyOfRange(slots, from, to), to - from);
    }

    /** The newer of the state file's snapshot and a restart record's. */
    SnapshotMetadata snapshot(StateFile.State state) {
        return restart != null && restart.index() > state.snapshot().index() ? restart : state.snapshot();
    }
}
