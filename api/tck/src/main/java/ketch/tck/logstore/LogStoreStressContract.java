package ketch.tck.logstore;

import static ketch.tck.logstore.DerivedEntries.entry;
import static ketch.tck.logstore.DerivedEntries.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import ketch.api.raft.Entry;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogStore;
import org.junit.jupiter.api.Test;

/**
 * The load-bearing part of the contract: readers concurrent with the writer, big and many entries,
 * compaction under load, and a torn tail. Extend {@link LogStoreContract}, not this class.
 */
public abstract class LogStoreStressContract extends LogStoreFixture {
    private static final long SEED = Long.getLong("ketch.tck.seed", 20260101L);
    private static final int READERS = 3;

    @Test
    public void concurrentReadersAlwaysSeeAConsistentPrefix() throws InterruptedException {
        runWithReaders(LARGE ? 300_000 : 20_000, false);
    }

    @Test
    public void compactionWhileAppendingKeepsReadersAndTheLogConsistent() throws InterruptedException {
        long last = runWithReaders(LARGE ? 300_000 : 20_000, true);
        LogStore s = openStore();
        assertEquals(last, s.lastIndex());
        long first = s.firstIndex();
        assertTrue(first > 1 && first <= last - 199, "first index " + first + " after compacting behind " + last);
        assertEquals(range(first, last), s.entries(first, last + 1, Long.MAX_VALUE));
        assertEquals(DerivedEntries.termOf(first - 1), s.term(first - 1));
    }

    /** The writer appends {@code total} entries in random batches while readers check every read. */
    private long runWithReaders(long total, boolean compact) throws InterruptedException {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        long last;
        try (LogStore s = open(dir)) {
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                SplittableRandom rnd = new SplittableRandom(SEED + r);
                readers.add(Thread.ofPlatform().name("tck-reader-" + r).start(() -> {
                    while (!done.get() && failures.isEmpty()) {
                        try {
                            checkOneRead(s, rnd, failures);
                            reads.incrementAndGet();
                        } catch (LogCompactedException e) {
                            if (!compact) failures.add("compacted read without compaction: " + e.getMessage());
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(Thread.currentThread().getName() + ": " + e);
                        }
                    }
                }));
            }
            SplittableRandom rnd = new SplittableRandom(SEED);
            long next = 1;
            while (next <= total && failures.isEmpty()) {
                long end = Math.min(total, next + rnd.nextInt(64));
                s.append(range(next, end));
                if (rnd.nextInt(4) == 0) s.sync();
                if (compact && end > 200 && rnd.nextInt(3) == 0) s.compact(end - 200);
                next = end + 1;
            }
            s.sync();
            last = s.lastIndex();
            done.set(true);
            for (Thread t : readers) {
                t.join(Duration.ofMinutes(2));
                assertFalse(t.isAlive(), t.getName() + " did not stop");
            }
        }
        assertEquals(List.of(), List.copyOf(failures), "reader failures");
        assertEquals(total, last);
        assertTrue(reads.get() > 0, "readers completed no read");
        return last;
    }

    private static void checkOneRead(LogStore s, SplittableRandom rnd, Queue<String> failures) {
        long first = s.firstIndex();
        long last = s.lastIndex();
        if (last < first) return;
        long lo = first + rnd.nextLong(last - first + 1);
        long maxBytes = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(16 * 1024);
        List<Entry> got = s.entries(lo, last + 1, maxBytes);
        if (got.isEmpty()) failures.add("entries(" + lo + ", " + (last + 1) + ") returned nothing");
        long bytes = 0;
        for (int i = 0; i < got.size(); i++) {
            bytes += got.get(i).sizeBytes();
            if (!got.get(i).equals(entry(lo + i))) {
                failures.add("entry at " + (lo + i) + " is " + got.get(i) + ", expected " + entry(lo + i));
                return;
            }
        }
        if (got.size() > 1 && bytes > maxBytes) failures.add(got.size() + " entries of " + bytes + " bytes exceed " + maxBytes);
        if (s.term(last) != DerivedEntries.termOf(last)) failures.add("term(" + last + ") is wrong");
    }

    @Test
    public void largeEntriesRoundTrip() {
        int size = 3 * 1024 * 1024 / 2;
        List<Entry> written = new ArrayList<>();
        try (LogStore s = open(dir)) {
            for (long i = 1; i <= 6; i += 2) {
                List<Entry> batch = List.of(entry(i, 1, size), entry(i + 1, 1, size - (int) i));
                appendAndSync(s, batch);
                written.addAll(batch);
            }
            assertEquals(written.subList(2, 3), s.entries(3, 7, 2L * 1024 * 1024));
        }
        LogStore s = openStore();
        assertHolds(s, 1, 6, written);
        assertEquals(written, readAll(s, 1, 7, 1));
    }

    @Test
    public void manySmallEntriesRoundTrip() {
        long total = LARGE ? 3_000_000 : 100_000;
        try (LogStore s = open(dir)) {
            for (long next = 1; next <= total; next += 1000) appendAndSync(s, range(next, next + 999));
            assertEquals(total, s.lastIndex());
            assertReadsBack(s, total);
        }
        LogStore s = openStore();
        assertEquals(1, s.firstIndex());
        assertEquals(total, s.lastIndex());
        assertReadsBack(s, total);
    }

    private static void assertReadsBack(LogStore s, long total) {
        long next = 1;
        while (next <= total) {
            List<Entry> page = s.entries(next, total + 1, 1024 * 1024);
            for (Entry e : page) {
                if (!e.equals(entry(next))) assertEquals(entry(next), e, "entry " + next);
                next++;
            }
        }
        assertEquals(total + 1, next);
    }

    @Test
    public void tornTailReopensAtTheLastGoodSyncedEntry() throws Exception {
        try (LogStore s = open(dir)) {
            for (long next = 1; next <= 100; next += 10) appendAndSync(s, range(next, next + 9));
        }
        corruptTail(dir);
        long last;
        try (LogStore s = open(dir)) {
            last = s.lastIndex();
            assertTrue(last >= 90 && last <= 100, "after a torn tail the log must end in 90..100, ends at " + last);
            assertHolds(s, 1, last, range(1, last));
            appendAndSync(s, range(last + 1, last + 5));
        }
        LogStore s = openStore();
        assertHolds(s, 1, last + 5, range(1, last + 5));
    }
}
