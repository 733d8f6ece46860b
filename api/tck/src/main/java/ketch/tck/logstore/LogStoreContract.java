package ketch.tck.logstore;

import static ketch.tck.logstore.DerivedEntries.entry;
import static ketch.tck.logstore.DerivedEntries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogUnavailableException;
import org.junit.jupiter.api.Test;

/**
 * The {@link LogStore} contract: every store's test class extends this and implements
 * {@link #open}. Semantics are checked here; concurrency, volume, torn tails and reopening in
 * {@link LogStoreStressContract}; crashes with {@link CrashHarness}.
 */
public abstract class LogStoreContract extends LogStoreStressContract {

    @Test
    public void newStoreIsEmpty() {
        LogStore s = openStore();
        assertEquals(1, s.firstIndex());
        assertEquals(0, s.lastIndex());
        assertEquals(0, s.term(0));
        assertEquals(HardState.EMPTY, s.hardState());
        assertEquals(SnapshotMetadata.EMPTY, s.snapshot());
        assertEquals(List.of(), s.entries(1, 1, Long.MAX_VALUE));
        assertThrows(LogUnavailableException.class, () -> s.term(1));
        assertThrows(LogUnavailableException.class, () -> s.entries(1, 2, Long.MAX_VALUE));
    }

    @Test
    public void appendsInOrderAcrossBatches() {
        LogStore s = openStore();
        s.append(range(1, 3, 1));
        s.append(range(4, 4, 1));
        s.append(range(5, 10, 2));
        s.append(List.of());
        List<Entry> expected = new ArrayList<>(range(1, 4, 1));
        expected.addAll(range(5, 10, 2));
        assertHolds(s, 1, 10, expected);
        assertEquals(1, s.term(4));
        assertEquals(2, s.term(5));
        assertEquals(entry(7, 2), s.entries(7, 8, 0).getFirst());
    }

    @Test
    public void conflictingAppendReplacesTheSuffixFromItsFirstIndex() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        s.append(range(6, 7, 2));
        List<Entry> expected = new ArrayList<>(range(1, 5, 1));
        expected.addAll(range(6, 7, 2));
        assertHolds(s, 1, 7, expected);
        assertThrows(LogUnavailableException.class, () -> s.term(8));
        s.append(range(8, 9, 2));
        assertEquals(9, s.lastIndex());
        assertEquals(entry(8, 2), s.entries(8, 9, Long.MAX_VALUE).getFirst());
    }

    @Test
    public void appendReplacingTheWholeLogFromTheFirstIndex() {
        LogStore s = openStore();
        s.append(range(1, 5, 1));
        s.append(range(1, 2, 3));
        assertHolds(s, 1, 2, range(1, 2, 3));
    }

    @Test
    public void rejectsAnAppendThatLeavesAHole() {
        LogStore s = openStore();
        s.append(range(1, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> s.append(range(5, 6, 1)));
        assertHolds(s, 1, 3, range(1, 3, 1));
    }

    @Test
    public void rejectsNonConsecutiveEntriesWithoutAppendingAny() {
        LogStore s = openStore();
        s.append(range(1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of(entry(3, 1), entry(4, 1), entry(6, 1))));
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of(entry(3, 1), entry(3, 1))));
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of(entry(4, 1), entry(3, 1))));
        assertHolds(s, 1, 2, range(1, 2, 1));
    }

    @Test
    public void rejectsAppendsAtOrBelowTheCompactedPrefix() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        s.compact(5);
        assertThrows(IllegalArgumentException.class, () -> s.append(range(5, 6, 2)));
        assertThrows(IllegalArgumentException.class, () -> s.append(range(3, 12, 2)));
        assertHolds(s, 6, 10, range(6, 10, 1));
        s.append(range(6, 6, 2));
        assertHolds(s, 6, 6, range(6, 6, 2));
    }

    @Test
    public void entriesHonourMaxBytesButReturnAtLeastOne() {
        LogStore s = openStore();
        List<Entry> all = range(1, 10, 1);
        s.append(all);
        long three = all.get(2).sizeBytes() + all.get(3).sizeBytes() + all.get(4).sizeBytes();
        assertEquals(all.subList(2, 5), s.entries(3, 11, three));
        assertEquals(all.subList(2, 4), s.entries(3, 11, three - 1));
        assertEquals(all.subList(2, 3), s.entries(3, 11, 0));
        assertEquals(all.subList(2, 3), s.entries(3, 11, 1));
        assertEquals(all.subList(2, 6), s.entries(3, 7, Long.MAX_VALUE));
        assertEquals(List.of(), s.entries(4, 4, Long.MAX_VALUE));
        assertEquals(all, readAll(s, 1, 11, 100));
    }

    @Test
    public void entriesOutsideTheLogThrow() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        s.compact(3);
        LogCompactedException compacted = assertThrows(LogCompactedException.class, () -> s.entries(3, 5, Long.MAX_VALUE));
        assertEquals(4, compacted.firstIndex());
        assertThrows(LogCompactedException.class, () -> s.entries(1, 2, Long.MAX_VALUE));
        LogUnavailableException unavailable = assertThrows(LogUnavailableException.class, () -> s.entries(4, 12, Long.MAX_VALUE));
        assertEquals(10, unavailable.lastIndex());
        assertEquals(range(4, 10, 1), s.entries(4, 11, Long.MAX_VALUE));
    }

    @Test
    public void termAnswersAtTheBoundaryAndThrowsOutside() {
        LogStore s = openStore();
        s.append(range(1, 5, 1));
        s.append(range(6, 10, 2));
        assertEquals(0, s.term(0));
        assertEquals(1, s.term(1));
        assertEquals(2, s.term(10));
        assertThrows(LogUnavailableException.class, () -> s.term(11));
        s.compact(6);
        assertEquals(2, s.term(6));
        assertEquals(2, s.term(7));
        assertThrows(LogCompactedException.class, () -> s.term(5));
        assertThrows(LogCompactedException.class, () -> s.term(1));
    }

    @Test
    public void compactDropsThePrefixAndKeepsTheBoundaryTerm() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        s.compact(4);
        assertHolds(s, 5, 10, range(5, 10, 1));
        assertEquals(1, s.term(4));
        s.compact(3);
        s.compact(4);
        assertHolds(s, 5, 10, range(5, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> s.compact(11));
        s.compact(10);
        assertEquals(11, s.firstIndex());
        assertEquals(10, s.lastIndex());
        assertEquals(1, s.term(10));
        assertEquals(List.of(), s.entries(11, 11, Long.MAX_VALUE));
        s.append(range(11, 12, 2));
        assertHolds(s, 11, 12, range(11, 12, 2));
    }

    @Test
    public void applySnapshotOfAHeldEntryLeavesTheLogUnchanged() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        SnapshotMetadata snap = new SnapshotMetadata(5, 1, ConfState.ofVoters(List.of(1L, 2L, 3L)));
        s.applySnapshot(snap);
        assertEquals(snap, s.snapshot());
        assertHolds(s, 1, 10, range(1, 10, 1));
    }

    @Test
    public void applySnapshotBeyondTheLogDiscardsItAndRestartsAfterIt() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        SnapshotMetadata snap = new SnapshotMetadata(20, 3, ConfState.ofVoters(List.of(1L)));
        s.applySnapshot(snap);
        assertEquals(snap, s.snapshot());
        assertEquals(21, s.firstIndex());
        assertEquals(20, s.lastIndex());
        assertEquals(3, s.term(20));
        assertThrows(LogCompactedException.class, () -> s.term(10));
        assertThrows(IllegalArgumentException.class, () -> s.append(range(22, 22, 3)));
        s.append(range(21, 22, 3));
        assertHolds(s, 21, 22, range(21, 22, 3));
    }

    @Test
    public void applySnapshotWithAnotherTermAtAHeldIndexDiscardsTheLog() {
        LogStore s = openStore();
        s.append(range(1, 10, 1));
        SnapshotMetadata snap = new SnapshotMetadata(5, 2, ConfState.ofVoters(List.of(1L, 2L)));
        s.applySnapshot(snap);
        assertEquals(6, s.firstIndex());
        assertEquals(5, s.lastIndex());
        assertEquals(2, s.term(5));
        assertThrows(LogUnavailableException.class, () -> s.term(6));
    }

    @Test
    public void hardStateRoundTrips() {
        LogStore s = openStore();
        HardState hs = new HardState(7, 3, 42);
        s.setHardState(hs);
        assertEquals(hs, s.hardState());
        s.setHardState(new HardState(8, 0, 42));
        assertEquals(new HardState(8, 0, 42), s.hardState());
    }

    @Test
    public void reopenAfterCloseKeepsEverythingSynced() {
        SnapshotMetadata snap = new SnapshotMetadata(30, 2,
                new ConfState(List.of(1L, 2L, 3L), List.of(4L), List.of(1L, 2L, 5L), List.of(5L)));
        try (LogStore s = open(dir)) {
            s.append(range(1, 20, 1));
            s.setHardState(new HardState(1, 1, 10));
            s.sync();
            s.compact(5);
            s.append(range(21, 40, 2));
            s.applySnapshot(snap);
            s.setHardState(new HardState(2, 3, 30));
            s.sync();
        }
        LogStore s = openStore();
        assertEquals(new HardState(2, 3, 30), s.hardState());
        assertEquals(snap, s.snapshot());
        List<Entry> expected = new ArrayList<>(range(6, 20, 1));
        expected.addAll(range(21, 40, 2));
        assertHolds(s, 6, 40, expected);
        assertEquals(1, s.term(5));
        s.append(range(41, 41, 2));
        assertEquals(41, s.lastIndex());
    }

    @Test
    public void reopenAfterASnapshotInstallKeepsTheNewBoundary() {
        try (LogStore s = open(dir)) {
            s.append(range(1, 10, 1));
            s.applySnapshot(new SnapshotMetadata(100, 4, ConfState.ofVoters(List.of(1L))));
            s.append(range(101, 103, 4));
            s.sync();
        }
        LogStore s = openStore();
        assertHolds(s, 101, 103, range(101, 103, 4));
        assertEquals(4, s.term(100));
    }

    @Test
    public void closeWithoutSyncKeepsTheSyncedPrefixAndNoHole() {
        try (LogStore s = open(dir)) {
            appendAndSync(s, range(1, 10, 1));
            s.append(range(11, 20, 1));
        }
        LogStore s = openStore();
        long last = s.lastIndex();
        assertTrue(last >= 10 && last <= 20, "last index " + last + " must lie in 10..20");
        assertHolds(s, 1, last, range(1, last, 1));
    }
}
