package ketch.store.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.tck.logstore.DerivedEntries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the MVStore file: no hidden writes, bounded growth, one owner. */
class MvStoreLogStoreFileTest {
    private static final boolean LARGE = Boolean.getBoolean("ketch.tck.large");

    @TempDir
    Path dir;

    private MvStoreLogStore open() {
        return MvStoreLogStore.open(dir.resolve("log.mv.db"), 16, 90);
    }

    private static List<Entry> batch(long from, int count, int size) {
        List<Entry> out = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) out.add(DerivedEntries.entry(i, 1, size));
        return out;
    }

    @Test
    void appendsWriteNothingToTheFileUntilSync() {
        try (MvStoreLogStore log = open()) {
            long before = log.fileSizeBytes();
            // far past MVStore's default 1 MiB auto-commit buffer, which would otherwise commit inside put
            for (long next = 1; next <= 40_000; next += 1000) log.append(batch(next, 1000, 256));
            log.setHardState(new HardState(1, 1, 40_000));
            assertEquals(before, log.fileSizeBytes(), "the file changed before sync");
            log.sync();
            assertTrue(log.fileSizeBytes() > before + 40_000L * 256, "sync wrote " + (log.fileSizeBytes() - before));
        }
    }

    @Test
    void fileStaysBoundedWhileTheLogIsAppendedAndCompacted() {
        long total = LARGE ? 1_000_000 : 200_000;
        int batch = 250;
        int keep = 10_000;
        long peak = 0;
        try (MvStoreLogStore log = open()) {
            for (long next = 1; next <= total; next += batch) {
                log.append(batch(next, batch, 256));
                long last = next + batch - 1;
                if (last > keep) log.compact(last - keep);
                log.sync();
                peak = Math.max(peak, log.fileSizeBytes());
            }
            assertEquals(total, log.lastIndex());
            long written = total * (256 + 22);
            long live = keep * (256 + 22L);
            System.out.printf("mvstore file: %d entries written (%d MB), %d kept, peak file %d MB, final %d MB%n",
                    total, written >> 20, keep, peak >> 20, log.fileSizeBytes() >> 20);
            assertTrue(peak < 64L * 1024 * 1024, "file grew to " + peak + " bytes for " + live + " live bytes");
        }
    }

    @Test
    void aLongCompactedPrefixIsRemovedInChunksAndLeftoversAtOpen() {
        int chunk = MvStoreLogStore.PREFIX_REMOVAL_CHUNK;
        long total = 3L * chunk + 10;
        try (MvStoreLogStore log = open()) {
            for (long next = 1; next <= total; next += 1000) log.append(batch(next, (int) Math.min(1000, total - next + 1), 8));
            log.compact(total - 10);
            assertEquals(total - 10 + 1, log.firstIndex());
            assertEquals(total - chunk, log.heldKeys(), "one chunk removed by compact");
            log.sync();
            assertEquals(total - 2L * chunk, log.heldKeys(), "a second chunk removed by sync");
        }
        try (MvStoreLogStore log = open()) {
            assertEquals(10, log.heldKeys(), "leftovers removed at open");
            assertEquals(total - 9, log.firstIndex());
            assertEquals(DerivedEntries.entry(total - 9, 1, 8), log.entries(total - 9, total - 8, 0).getFirst());
        }
    }

    @Test
    void aSecondOpenOfTheSameFileFailsClearly() {
        try (MvStoreLogStore log = open()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, this::open);
            assertTrue(e.getMessage().contains("log.mv.db"), e.getMessage());
            assertEquals(0, log.lastIndex(), "the first owner is unaffected");
        }
    }

    @Test
    void aClosedStoreRefusesUseAndClosesTwiceQuietly() {
        MvStoreLogStore log = open();
        log.append(batch(1, 3, 10));
        log.close();
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(batch(4, 1, 10)));
        assertThrows(IllegalStateException.class, () -> log.entries(1, 2, 100));
        assertThrows(IllegalStateException.class, log::sync);
    }

    @Test
    void syncWithNothingNewIsHarmless() {
        try (MvStoreLogStore log = open()) {
            log.sync();
            log.append(batch(1, 2, 10));
            log.sync();
            log.sync();
            assertEquals(2, log.lastIndex());
        }
    }

    @Test
    void badOptionsAreRefusedWithTheValue() {
        IllegalArgumentException cache = assertThrows(IllegalArgumentException.class,
                () -> MvStoreLogStore.open(dir.resolve("x.mv.db"), 0, 90));
        assertTrue(cache.getMessage().contains("got 0"), cache.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> MvStoreLogStore.open(dir.resolve("x.mv.db"), 16, 101));
        assertTrue(rate.getMessage().contains("got 101"), rate.getMessage());
    }
}
