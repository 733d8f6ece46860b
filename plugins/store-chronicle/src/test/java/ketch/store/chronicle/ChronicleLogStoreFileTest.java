package ketch.store.chronicle;

import static ketch.tck.logstore.DerivedEntries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogUnavailableException;
import ketch.tck.logstore.DerivedEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the queue: replay of truncations and restarts, cycle deletion, one owner. */
class ChronicleLogStoreFileTest {
    private static final long BLOCK = 1L << 20;
    private static final long SEGMENT = 64L << 10;

    @TempDir
    Path dir;

    private ChronicleLogStore open() {
        return ChronicleLogStore.open(dir, BLOCK, SEGMENT);
    }

    private long cycleFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("queue"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void aReplacedSuffixStaysReplacedAfterReopen() {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 10, 1));
            log.append(range(6, 7, 2));
            log.append(range(8, 8, 2));
            log.sync();
        }
        try (ChronicleLogStore log = open()) {
            List<Entry> expected = new ArrayList<>(range(1, 5, 1));
            expected.addAll(range(6, 8, 2));
            assertEquals(8, log.lastIndex());
            assertEquals(expected, log.entries(1, 9, Long.MAX_VALUE));
            assertThrows(LogUnavailableException.class, () -> log.term(9));
        }
    }

    @Test
    void aSnapshotInstallDiscardsTheOldSuffixForGood() {
        SnapshotMetadata snap = new SnapshotMetadata(20, 9, ConfState.ofVoters(List.of(1L, 2L)));
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 30, 1));
            log.applySnapshot(snap); // term 9 is not held at 20: the log restarts after it
            log.sync();
        }
        try (ChronicleLogStore log = open()) {
            assertEquals(21, log.firstIndex());
            assertEquals(20, log.lastIndex(), "the old entries 21..30 must not come back");
            assertEquals(9, log.term(20));
            assertEquals(snap, log.snapshot());
        }
    }

    @Test
    void anUnsyncedRestartThatReachedTheQueueIsReplayedWithItsSnapshot() {
        SnapshotMetadata snap = new SnapshotMetadata(50, 4, ConfState.ofVoters(List.of(3L)));
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 10, 1));
            log.sync();
            log.applySnapshot(snap);
            log.append(range(51, 52, 4));
            // closed without sync: the records are in the queue, the state file still says boundary 0
        }
        try (ChronicleLogStore log = open()) {
            assertEquals(snap, log.snapshot(), "the snapshot comes from the restart record");
            assertEquals(51, log.firstIndex());
            assertEquals(range(51, 52, 4), log.entries(51, 53, Long.MAX_VALUE));
            assertEquals(4, log.term(50));
        }
    }

    @Test
    void compactionDeletesWholeCycleFilesOnceTheBoundaryIsSynced() throws IOException {
        long total = 20_000;
        try (ChronicleLogStore log = open()) {
            for (long next = 1; next <= total; next += 500) {
                log.append(range(next, next + 499));
                log.sync();
            }
            long before = cycleFiles();
            assertTrue(before > 10, "expected many 64 KiB segments, got " + before);
            log.compact(total - 1000);
            assertEquals(before, cycleFiles(), "nothing is deleted before the boundary is durable");
            log.sync();
            long after = cycleFiles();
            assertTrue(after < before / 4, "cycle files " + before + " -> " + after);
            assertEquals(range(total - 999, total), log.entries(total - 999, total + 1, Long.MAX_VALUE));
        }
        try (ChronicleLogStore log = open()) {
            assertEquals(total - 999, log.firstIndex());
            assertEquals(total, log.lastIndex());
            assertEquals(DerivedEntries.termOf(total - 1000), log.term(total - 1000));
            assertEquals(range(total - 999, total), log.entries(total - 999, total + 1, Long.MAX_VALUE));
        }
    }

    @Test
    void reopenReplaysOnlyTheRecordsAfterTheIndexCheckpoint() {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 1000, 1));
            log.append(range(990, 995, 2)); // a replaced suffix inside the checkpoint
            log.sync();
        }
        try (ChronicleLogStore log = open()) {
            assertEquals(0, log.replayedAtOpen(), "the close brought the checkpoint up to the last sync");
            assertEquals(995, log.lastIndex());
            assertEquals(range(990, 995, 2), log.entries(990, 996, Long.MAX_VALUE));
            log.append(range(996, 1000, 2));
            log.sync();
            log.append(range(1001, 1003, 2)); // not synced: after the checkpoint, replayed at open
            log.append(range(1003, 1003, 3));
        }
        try (ChronicleLogStore log = open()) {
            assertTrue(log.replayedAtOpen() <= 4, "replayed " + log.replayedAtOpen());
            assertEquals(1003, log.lastIndex());
            assertEquals(range(1001, 1002, 2), log.entries(1001, 1003, Long.MAX_VALUE));
            assertEquals(3, log.term(1003));
            assertEquals(range(1, 989, 1), log.entries(1, 990, Long.MAX_VALUE));
        }
    }

    @Test
    void aDamagedOrStaleCheckpointFallsBackToAFullReplay() throws IOException {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 50, 1));
            log.sync();
        }
        Files.write(dir.resolve("index"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33});
        try (ChronicleLogStore log = open()) {
            assertEquals(50, log.replayedAtOpen());
            assertEquals(range(1, 50, 1), log.entries(1, 51, Long.MAX_VALUE));
        }
        // a checkpoint whose record was compacted away with its cycle: the log must still come back whole
        Path stale = dir.resolve("stale-index");
        Files.copy(dir.resolve("index"), stale);
        long total = 5000;
        try (ChronicleLogStore log = open()) {
            for (long next = 51; next <= total; next += 50) {
                log.append(range(next, next + 49, 1));
                log.sync();
            }
            log.compact(total - 10);
            log.sync();
        }
        Files.copy(stale, dir.resolve("index"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (ChronicleLogStore log = open()) {
            assertEquals(total - 9, log.firstIndex());
            assertEquals(range(total - 9, total, 1), log.entries(total - 9, total + 1, Long.MAX_VALUE));
        }
    }

    @Test
    void everyOpenStartsANewCycleFile() throws IOException {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 3, 1));
            log.sync();
        }
        long first = cycleFiles();
        try (ChronicleLogStore log = open()) {
            log.append(range(4, 5, 1));
            log.sync();
            assertEquals(first + 1, cycleFiles());
            assertEquals(range(1, 5, 1), log.entries(1, 6, Long.MAX_VALUE));
        }
    }

    @Test
    void anEntryLargerThanAQuarterBlockIsRefusedAndNothingIsAppended() {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 1, 1));
            List<Entry> batch = List.of(DerivedEntries.entry(2, 1, 10), DerivedEntries.entry(3, 1, (int) (BLOCK / 4)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> log.append(batch));
            assertTrue(e.getMessage().contains("entry 3") && e.getMessage().contains("262144"), e.getMessage());
            assertEquals(1, log.lastIndex());
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        try (ChronicleLogStore log = open()) {
            log.append(range(1, 2, 1));
            IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
            assertTrue(e.getMessage().contains("already open") && e.getMessage().contains(dir.toString()), e.getMessage());
            assertEquals(2, log.lastIndex(), "the first owner is unaffected");
            log.append(range(3, 3, 1));
            assertEquals(range(1, 3, 1), log.entries(1, 4, Long.MAX_VALUE));
        }
    }

    @Test
    void aClosedStoreRefusesUseAndClosesTwiceQuietly() {
        ChronicleLogStore log = open();
        log.append(range(1, 3, 1));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(range(4, 4, 1)));
        assertThrows(IllegalStateException.class, () -> log.entries(1, 2, 100));
        assertThrows(IllegalStateException.class, log::sync);
    }

    @Test
    void hardStateIsDurableOnlyThroughSync() {
        try (ChronicleLogStore log = open()) {
            log.setHardState(new HardState(3, 1, 0));
            log.sync();
            log.setHardState(new HardState(4, 2, 0)); // not synced
        }
        try (ChronicleLogStore log = open()) {
            assertEquals(new HardState(3, 1, 0), log.hardState());
        }
    }

    @Test
    void badOptionsAreRefusedWithTheValue() {
        IllegalArgumentException block = assertThrows(IllegalArgumentException.class,
                () -> ChronicleLogStore.open(dir, 3L << 20, SEGMENT));
        assertTrue(block.getMessage().contains("got " + (3L << 20)), block.getMessage());
        IllegalArgumentException segment = assertThrows(IllegalArgumentException.class,
                () -> ChronicleLogStore.open(dir, BLOCK, 100));
        assertTrue(segment.getMessage().contains("got 100"), segment.getMessage());
    }
}
