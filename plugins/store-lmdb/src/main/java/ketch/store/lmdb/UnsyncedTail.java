package ketch.store.lmdb;

import java.util.Arrays;
import java.util.List;
import ketch.api.raft.Entry;

/**
 * The entries appended since the last sync, which LMDB's readers cannot see yet (they live in the
 * write transaction's future). Writer-owned; readers get immutable {@link Snapshot}s. Appending
 * writes only past every published snapshot's size, and anything else (truncation, restart) moves
 * to a new array, so a published snapshot never changes under its reader.
 */
final class UnsyncedTail {
    private static final int INITIAL_CAPACITY = 64;

    /** The tail as published to readers: entries {@code from .. from + size - 1}. */
    record Snapshot(long from, Entry[] items, int size) {
        boolean holds(long index) {
            return index >= from && index - from < size;
        }

        Entry get(long index) {
            return items[(int) (index - from)];
        }
    }

    private long from;
    private Entry[] items;
    private int size;

    UnsyncedTail(long from) {
        restart(from);
    }

    /** Empties the tail; the next entry appended will be {@code from}. */
    void restart(long from) {
        this.from = from;
        this.items = new Entry[INITIAL_CAPACITY];
        this.size = 0;
    }

    long from() {
        return from;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Drops the entries from {@code index} on; {@code index} lies in {@code from .. from + size}. */
    void truncate(long index) {
        int keep = (int) (index - from);
        Entry[] copy = new Entry[items.length];
        System.arraycopy(items, 0, copy, 0, keep);
        items = copy;
        size = keep;
    }

    /** Appends entries that continue the tail. */
    void append(List<Entry> entries) {
        if (size + entries.size() > items.length) {
            int capacity = Math.max(items.length * 2, size + entries.size());
            items = Arrays.copyOf(items, capacity);
        }
        for (Entry e : entries) items[size++] = e;
    }

    Snapshot snapshot() {
        return new Snapshot(from, items, size);
    }
}
