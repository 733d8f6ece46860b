package ketch.store.lmdb;

import static ketch.tck.logstore.DerivedEntries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.tck.logstore.DerivedEntries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the lmdb store does with its files beyond the contract: batching, map growth, prefix removal, ownership. */
class LmdbLogStoreFileTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private final List<LmdbLogStore> opened = new ArrayList<>();

    private LmdbLogStore open(long mapSize, long maxMapSize) {
        LmdbLogStore s = LmdbLogStore.open(dir, mapSize, maxMapSize, 16);
        opened.add(s);
        return s;
    }

    private LmdbLogStore open() {
        return open(64 * MIB, 1024 * MIB);
    }

    @AfterEach
    void closeAll() {
        opened.forEach(LmdbLogStore::close);
    }

    @Test
    void appendsReachLmdbOnlyAtSyncInOneTransaction() {
        LmdbLogStore s = open();
        s.append(range(1, 100));
        s.append(range(101, 200));
        assertEquals(0, s.heldKeys(), "nothing committed before sync");
        assertEquals(range(1, 200), s.entries(1, 201, Long.MAX_VALUE), "readers see the unsynced tail");
        s.sync();
        assertEquals(200, s.heldKeys());
        assertEquals(range(1, 200), s.entries(1, 201, Long.MAX_VALUE));
    }

    @Test
    void theMapDoublesWhenItFillsAndTheBatchIsRetried() {
        LmdbLogStore s = open(MIB, 1024 * MIB);
        List<Entry> written = new ArrayList<>();
        for (long i = 1; i <= 64; i++) {
            List<Entry> batch = List.of(DerivedEntries.entry(i, 1, 256 * 1024));
            s.append(batch);
            s.sync();
            written.addAll(batch);
        }
        assertTrue(s.mapSize() >= 16 * MIB, "16 MiB of entries in a map of " + s.mapSize());
        s.close();
        LmdbLogStore reopened = open(MIB, 1024 * MIB);
        assertEquals(written, reopened.entries(1, 65, Long.MAX_VALUE));
    }

    @Test
    void syncsFromVirtualThreadsCommitOnAPlatformThread() throws Exception {
        LmdbLogStore s = open(MIB, 1024 * MIB);
        List<Entry> written = new ArrayList<>();
        for (long i = 1; i <= 16; i++) {
            List<Entry> batch = List.of(DerivedEntries.entry(i, 1, 256 * 1024));
            written.addAll(batch);
            Thread t = Thread.ofVirtual().start(() -> {
                s.append(batch);
                s.sync();
            });
            t.join();
        }
        assertTrue(s.mapSize() > MIB, "the map grew from a virtual caller too: " + s.mapSize());
        s.close();
        assertEquals(written, open(MIB, 1024 * MIB).entries(1, 17, Long.MAX_VALUE));
    }

    @Test
    void aFullMapAtMaxMapSizeFailsTheSyncNamingTheLimit() {
        LmdbLogStore s = open(MIB, 2 * MIB);
        s.append(List.of(DerivedEntries.entry(1, 1, 3 * 1024 * 1024)));
        IllegalStateException e = assertThrows(IllegalStateException.class, s::sync);
        assertTrue(e.getMessage().contains("max-map-size 2097152"), e.getMessage());
        assertEquals(1, s.lastIndex(), "the unsynced entry is still there for a later sync");
    }

    @Test
    void aLongCompactedPrefixIsRemovedInChunksAndLeftoversAtOpen() {
        int chunk = LmdbLogStore.PREFIX_REMOVAL_CHUNK;
        long total = 2L * chunk + 1000;
        LmdbLogStore s = open();
        for (long next = 1; next <= total; next += 5000) s.append(range(next, Math.min(total, next + 4999)));
        s.sync();
        s.compact(total - 10);
        assertEquals(total - 9, s.firstIndex());
        s.sync();
        assertEquals(total - chunk, s.heldKeys(), "one chunk removed by the first sync");
        s.close();
        LmdbLogStore reopened = open();
        assertEquals(10, reopened.heldKeys(), "the rest removed at open");
        assertEquals(range(total - 9, total), reopened.entries(total - 9, total + 1, Long.MAX_VALUE));
        assertEquals(DerivedEntries.termOf(total - 10), reopened.term(total - 10));
    }

    @Test
    void aTruncatedCommittedSuffixIsDeletedAtSync() {
        LmdbLogStore s = open();
        s.append(range(1, 100, 1));
        s.sync();
        s.append(range(51, 60, 2));
        s.sync();
        assertEquals(60, s.heldKeys());
        s.close();
        LmdbLogStore reopened = open();
        List<Entry> expected = new ArrayList<>(range(1, 50, 1));
        expected.addAll(range(51, 60, 2));
        assertEquals(expected, reopened.entries(1, 61, Long.MAX_VALUE));
    }

    @Test
    void aCommitWhoseMetaPageWasNeverWrittenIsInvisible() throws Exception {
        try (LmdbLogStore s = open()) {
            s.append(range(1, 10));
            s.setHardState(new HardState(1, 1, 10));
            s.sync();
            s.append(range(11, 20));
            s.setHardState(new HardState(1, 1, 20));
            s.sync();
        }
        TornCommit.dropNewestMetaWrite(dir);
        LmdbLogStore s = open();
        assertEquals(10, s.lastIndex(), "the previous commit is what survives");
        assertEquals(range(1, 10), s.entries(1, 11, Long.MAX_VALUE));
        assertEquals(new HardState(1, 1, 10), s.hardState(), "hard state from the same commit");
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsClearly() {
        try (LmdbLogStore first = open()) {
            first.append(range(1, 3));
            first.sync();
            IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(range(1, 3), first.entries(1, 4, Long.MAX_VALUE), "the first owner still works");
        }
        assertEquals(3, open().lastIndex());
    }

    @Test
    void aClosedStoreRefusesUseAndClosesTwiceQuietly() {
        LmdbLogStore s = open();
        s.append(range(1, 3));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> s.append(range(4, 4)));
        assertThrows(IllegalStateException.class, () -> s.entries(1, 2, 100));
        assertThrows(IllegalStateException.class, () -> s.term(1));
        assertThrows(IllegalStateException.class, s::sync);
    }

    @Test
    void syncWithNothingNewIsHarmless() {
        LmdbLogStore s = open();
        s.sync();
        s.append(range(1, 5));
        s.sync();
        s.sync();
        assertEquals(range(1, 5), s.entries(1, 6, Long.MAX_VALUE));
    }
}
