package ketch.raft;

/**
 * The flow-control window of one follower in replicate state: the append messages sent but not
 * acknowledged, bounded by count and by bytes. Each slot remembers the last index a message
 * carried, so an acknowledgement of index i frees every message up to i.
 */
final class Inflights {
    private final int capacity;
    private final long maxBytes;
    private final long[] lastIndexes;
    private final long[] sizes;
    private int start;
    private int count;
    private long bytes;

    Inflights(int capacity, long maxBytes) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.lastIndexes = new long[capacity];
        this.sizes = new long[capacity];
    }

    /** Records a message carrying entries up to {@code lastIndex}, of {@code size} bytes. */
    void add(long lastIndex, long size) {
        if (count == capacity) throw new IllegalStateException("inflight window full at " + capacity + " messages");
        int slot = (start + count) % capacity;
        lastIndexes[slot] = lastIndex;
        sizes[slot] = size;
        count++;
        bytes += size;
    }

    /** Frees every message whose last index is at most {@code index}. */
    void freeLE(long index) {
        while (count > 0 && lastIndexes[start] <= index) {
            freeFirst();
        }
    }

    /** Frees the oldest message; a heartbeat response does this so a lost message cannot stall the window. */
    void freeFirst() {
        if (count == 0) return;
        bytes -= sizes[start];
        start = (start + 1) % capacity;
        count--;
        if (count == 0) start = 0;
    }

    boolean full() {
        return count == capacity || bytes >= maxBytes;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    void reset() {
        start = 0;
        count = 0;
        bytes = 0;
    }
}
