package ketch.store.lmdb;

import static ketch.tck.logstore.DerivedEntries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader that took its view just before the writer replaced a suffix and committed it must not
 * read the new log's committed entries followed by the old log's unsynced tail; one that finds
 * its keys compacted away meanwhile gets {@link LogCompactedException}, not "corrupt". The writer's work
 * runs in the read's seam between taking the view and opening the read transaction: the moment a
 * real race would need.
 */
class LmdbTruncationReadTest {
    @TempDir
    Path dir;

    private LmdbLogStore open() {
        return LmdbLogStore.open(dir, 64L * 1024 * 1024, 1024L * 1024 * 1024, 16);
    }

    @Test
    void aReadRacingACommittedSuffixReplacementSeesOnlyTheNewLog() {
        try (LmdbLogStore s = open()) {
            s.append(range(1, 100, 1));
            s.sync();
            s.append(range(101, 110, 1)); // unsynced: readers get it from the in-memory tail
            s.betweenViewAndRead(once(() -> {
                s.append(range(95, 110, 2));
                s.sync();
            }));
            List<Entry> expected = new ArrayList<>(range(90, 94, 1));
            expected.addAll(range(95, 110, 2));
            assertEquals(expected, s.entries(90, 111, Long.MAX_VALUE));
        }
    }

    @Test
    void readsRacingACommittedCompactionReportItAsCompaction() {
        try (LmdbLogStore s = open()) {
            s.append(range(1, 100, 1));
            s.sync();
            s.betweenViewAndRead(once(() -> {
                s.compact(60);
                s.sync();
            }));
            LogCompactedException e = assertThrows(LogCompactedException.class, () -> s.term(55));
            assertEquals(61, e.firstIndex());
            s.betweenViewAndRead(once(() -> {
                s.applySnapshot(new SnapshotMetadata(200, 2, ConfState.ofVoters(List.of(1L))));
                s.sync();
            }));
            e = assertThrows(LogCompactedException.class, () -> s.entries(70, 80, Long.MAX_VALUE));
            assertEquals(201, e.firstIndex());
        }
    }

    private static Runnable once(Runnable r) {
        boolean[] ran = {false};
        return () -> {
            if (ran[0]) return;
            ran[0] = true;
            r.run();
        };
    }
}
