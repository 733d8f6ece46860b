package ketch.store.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.tck.logstore.DerivedEntries;
import org.junit.jupiter.api.Test;

/** Replay rules on hand-made record sequences; queue index = position in the sequence. */
class ReplayTest {
    private static final Path WHERE = Path.of("test-log");
    private long nextQueueIndex = 100;
    private final Replay replay = new Replay();

    private ReplayTest entries(long from, long to, long term) {
        for (long i = from; i <= to; i++) replay.accept(nextQueueIndex++, new QueueRecord.Appended(DerivedEntries.entry(i, term)));
        return this;
    }

    private ReplayTest damaged() {
        replay.accept(nextQueueIndex++, QueueRecord.decode(new byte[] {1, 2, 3, 4, 5, 6}));
        return this;
    }

    private static StateFile.State boundary(long index, long term) {
        return new StateFile.State(index, term, HardState.EMPTY, SnapshotMetadata.EMPTY);
    }

    @Test
    void aDamagedRecordEndsTheLogUntilTheIndexIsWrittenAgain() {
        entries(1, 5, 1).damaged().entries(7, 8, 1); // 6 torn, 7..8 written after it cannot continue the log
        LogView v = replay.view(StateFile.State.EMPTY, WHERE);
        assertEquals(5, v.lastIndex);
        entries(6, 9, 2); // appended after the reopen
        v = replay.view(StateFile.State.EMPTY, WHERE);
        assertEquals(9, v.lastIndex);
        assertEquals(100 + 5 + 1 + 2, v.queueIndex(6), "6 maps to its newest record");
        assertEquals(1, replay.damaged());
        assertEquals(2, replay.skipped());
    }

    @Test
    void anEntryAtAHeldIndexReplacesTheSuffix() {
        entries(1, 10, 1).entries(4, 5, 2);
        LogView v = replay.view(StateFile.State.EMPTY, WHERE);
        assertEquals(5, v.lastIndex);
        assertEquals(100 + 10, v.queueIndex(4));
        assertEquals(100 + 2, v.queueIndex(3));
    }

    @Test
    void theOldestHeldCycleMayStartAnywhereAtOrBelowTheBoundary() {
        entries(95, 120, 3);
        LogView v = replay.view(boundary(100, 3), WHERE);
        assertEquals(101, v.firstIndex());
        assertEquals(120, v.lastIndex);
        assertEquals(100 + 6, v.queueIndex(101));
    }

    @Test
    void entriesStartingAboveTheBoundaryMeanCorruption() {
        entries(105, 120, 3);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> replay.view(boundary(100, 3), WHERE));
        assertTrue(e.getMessage().contains("101..104"), e.getMessage());
    }

    @Test
    void aRestartEmptiesTheLogAndSetsTheBoundaryAndSnapshot() {
        SnapshotMetadata snap = new SnapshotMetadata(20, 5, ConfState.ofVoters(List.of(1L)));
        entries(1, 30, 1);
        replay.accept(nextQueueIndex++, new QueueRecord.Restart(snap));
        entries(10, 12, 1); // stale or invalid: at or below the restart
        LogView v = replay.view(StateFile.State.EMPTY, WHERE);
        assertEquals(20, v.boundaryIndex);
        assertEquals(5, v.boundaryTerm);
        assertEquals(20, v.lastIndex);
        assertEquals(snap, replay.snapshot(StateFile.State.EMPTY));
        entries(21, 22, 5);
        assertEquals(22, replay.view(StateFile.State.EMPTY, WHERE).lastIndex);
    }

    @Test
    void nothingReplayedLeavesAnEmptyLogAtTheBoundary() {
        LogView v = replay.view(boundary(7, 2), WHERE);
        assertEquals(8, v.firstIndex());
        assertEquals(7, v.lastIndex);
        assertEquals(2, v.boundaryTerm);
    }
}
