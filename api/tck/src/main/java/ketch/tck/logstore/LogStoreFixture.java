package ketch.tck.logstore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.spi.LogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every log store contract test needs: the store under test, opened in a fresh directory, and
 * the hooks a store's test class implements. Extend {@link LogStoreContract}, not this class.
 */
public abstract class LogStoreFixture {
    /** {@code -Dketch.tck.large=true} runs the volume tests with millions of entries. */
    protected static final boolean LARGE = Boolean.getBoolean("ketch.tck.large");

    /** A fresh directory per test. */
    @TempDir
    protected Path dir;

    private final List<LogStore> opened = new ArrayList<>();

    /** Opens (or reopens) the store kept in {@code dir}. */
    protected abstract LogStore open(Path dir);

    /**
     * Damages the end of the store's files the way a crash in the middle of a write would (a torn
     * or garbled last record), with the store closed. Stores that can simulate it override this;
     * the default skips the torn-tail test.
     */
    protected void corruptTail(Path dir) throws IOException {
        Assumptions.abort("this store does not simulate a torn tail");
    }

    /** Opens the store in {@link #dir} and closes it after the test if the test did not. */
    protected final LogStore openStore() {
        LogStore store = open(dir);
        opened.add(store);
        return store;
    }

    @AfterEach
    public final void closeOpenedStores() {
        for (LogStore s : opened) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closing twice or after a failed test; the test's own failure is what matters
            }
        }
        opened.clear();
    }

    protected static void appendAndSync(LogStore store, List<Entry> entries) {
        store.append(entries);
        store.sync();
    }

    /** Asserts the store holds exactly {@code first..last} and that each entry is {@code expected}'s. */
    protected static void assertHolds(LogStore store, long first, long last, List<Entry> expected) {
        assertEquals(first, store.firstIndex(), "first index");
        assertEquals(last, store.lastIndex(), "last index");
        assertEquals(expected, store.entries(first, last + 1, Long.MAX_VALUE), "entries " + first + ".." + last);
    }

    /** Reads {@code lo..hi-1} in pages of at most {@code pageBytes}, as a snapshot sender would. */
    protected static List<Entry> readAll(LogStore store, long lo, long hi, long pageBytes) {
        List<Entry> out = new ArrayList<>();
        for (long next = lo; next < hi; ) {
            List<Entry> page = store.entries(next, hi, pageBytes);
            out.addAll(page);
            next += page.size();
        }
        return out;
    }
}
