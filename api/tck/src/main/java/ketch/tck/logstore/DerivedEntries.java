package ketch.tck.logstore;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ketch.api.Bytes;
import ketch.api.raft.Entry;

/**
 * Entries whose content follows from their index and term, so a reader (or a test after a crash)
 * can tell a correct entry from a torn, stale or invented one without remembering what was written.
 */
public final class DerivedEntries {
    private DerivedEntries() {}

    /** The term the crash child gives {@code index}: non-decreasing, a new term every 1000 entries. */
    public static long termOf(long index) {
        return 1 + (index - 1) / 1000;
    }

    /** The entry at {@code index} with the crash child's term. */
    public static Entry entry(long index) {
        return entry(index, termOf(index));
    }

    /** The entry at {@code index} in {@code term}, 16..79 bytes of data; every 50th is a conf change. */
    public static Entry entry(long index, long term) {
        int size = 16 + (int) Math.floorMod(mix(index, term), 64L);
        return entry(index, term, size);
    }

    /** The entry at {@code index} in {@code term} with exactly {@code size} bytes of data. */
    public static Entry entry(long index, long term, int size) {
        byte[] data = new byte[size];
        new SplittableRandom(mix(index, term)).nextBytes(data);
        Entry.Type type = index % 50 == 0 ? Entry.Type.CONF_CHANGE : Entry.Type.NORMAL;
        return new Entry(index, term, type, Bytes.wrap(data));
    }

    /** Entries {@code from..to} inclusive, all in {@code term}. */
    public static List<Entry> range(long from, long to, long term) {
        List<Entry> out = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long i = from; i <= to; i++) out.add(entry(i, term));
        return out;
    }

    /** Entries {@code from..to} inclusive with the crash child's terms. */
    public static List<Entry> range(long from, long to) {
        List<Entry> out = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long i = from; i <= to; i++) out.add(entry(i));
        return out;
    }

    private static long mix(long index, long term) {
        long z = index * 0x9E3779B97F4A7C15L + term * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
