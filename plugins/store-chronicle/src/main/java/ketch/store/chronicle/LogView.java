package ketch.store.chronicle;

import java.util.Arrays;

/**
 * What a reader sees of the log: the compaction boundary (last dropped index and its term), the
 * last index, and the queue index of every held entry. Published whole through a volatile field.
 *
 * <p>Views share one array while the writer only appends past their last index, which no reader of
 * an older view looks at. A truncation (a conflicting suffix replaced) copies the array, so a
 * reader still holding the older view keeps reading the older suffix, which stays in the queue:
 * it sees the log as it was, never a mix of both.
 */
final class LogView {
    private static final int MIN_CAPACITY = 1024;

    final long boundaryIndex;
    final long boundaryTerm;
    final long lastIndex;
    /** slots[i - base] is the queue index of Raft index i, for boundaryIndex < i <= lastIndex. */
    private final long[] slots;
    private final long base;

    private LogView(long boundaryIndex, long boundaryTerm, long lastIndex, long[] slots, long base) {
        this.boundaryIndex = boundaryIndex;
        this.boundaryTerm = boundaryTerm;
        this.lastIndex = lastIndex;
        this.slots = slots;
        this.base = base;
    }

    /** An empty log after {@code boundaryIndex}. */
    static LogView empty(long boundaryIndex, long boundaryTerm) {
        return new LogView(boundaryIndex, boundaryTerm, boundaryIndex, new long[MIN_CAPACITY], boundaryIndex + 1);
    }

    long firstIndex() {
        return boundaryIndex + 1;
    }

    boolean isEmpty() {
        return lastIndex == boundaryIndex;
    }

    long queueIndex(long index) {
        if (index <= boundaryIndex || index > lastIndex) {
            throw new IllegalArgumentException("index " + index + " outside " + firstIndex() + ".." + lastIndex);
        }
        return slots[(int) (index - base)];
    }

    /**
     * This view with {@code count} entries from {@code first} (at most {@code lastIndex + 1}, above
     * the boundary) at the given queue indexes, replacing any held suffix from {@code first}.
     */
    LogView append(long first, long[] queueIndexes, int count) {
        long newLast = first + count - 1;
        boolean truncates = first <= lastIndex;
        long[] target = slots;
        long targetBase = base;
        int needed = (int) (newLast - base + 1);
        if (truncates || needed > slots.length) {
            // copy: readers of this view keep their array; drop the compacted prefix while at it
            targetBase = boundaryIndex + 1;
            int keep = (int) (first - targetBase);
            target = new long[Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, keep + count)) * 2)];
            System.arraycopy(slots, (int) (targetBase - base), target, 0, keep);
        }
        System.arraycopy(queueIndexes, 0, target, (int) (first - targetBase), count);
        return new LogView(boundaryIndex, boundaryTerm, newLast, target, targetBase);
    }

    /** This view with everything at or below {@code upTo} (held, with {@code term}) dropped. */
    LogView compact(long upTo, long term) {
        return new LogView(upTo, term, Math.max(upTo, lastIndex), slots, base).trimmed(upTo);
    }

    /** Copies the held part into a smaller array once most of the array is compacted away. */
    private LogView trimmed(long upTo) {
        long dead = upTo + 1 - base;
        if (dead < slots.length / 2 || slots.length <= MIN_CAPACITY) return this;
        int held = (int) (lastIndex - boundaryIndex);
        long[] target = new long[Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, held)) * 2)];
        System.arraycopy(slots, (int) (boundaryIndex + 1 - base), target, 0, held);
        return new LogView(boundaryIndex, boundaryTerm, lastIndex, target, boundaryIndex + 1);
    }

    /** The held entries' queue indexes, for the index checkpoint. */
    IndexCheckpoint.Overlay overlay(long coveredThrough) {
        int count = (int) (lastIndex - boundaryIndex);
        long[] held = Arrays.copyOfRange(slots, (int) (boundaryIndex + 1 - base), (int) (boundaryIndex + 1 - base) + count);
        return new IndexCheckpoint.Overlay(coveredThrough, boundaryIndex + 1, held, count);
    }

    @Override
    public String toString() {
        return "LogView[boundary " + boundaryIndex + "@" + boundaryTerm + ", last " + lastIndex
                + (isEmpty() ? "" : ", queue " + Arrays.toString(new long[] {queueIndex(firstIndex()), queueIndex(lastIndex)})) + "]";
    }
}
