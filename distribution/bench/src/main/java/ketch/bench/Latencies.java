package ketch.bench;

import java.util.Arrays;

/**
 * Every latency of one run, in nanoseconds, kept exactly (a sorted array, no buckets).
 * One instance per client thread; {@link #merge} joins them after the run, so recording takes no lock.
 */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;

    void record(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = Math.max(0, latencyNanos);
    }

    int size() {
        return size;
    }

    /** The recorded values, sorted ascending (a copy). */
    long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, size);
        Arrays.sort(copy);
        return copy;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.nanos[i]);
            }
        }
        return all;
    }
}
