package ketch.bench;

import java.util.List;

/**
 * The figures of etcd's benchmark report, computed exactly from every latency of a run.
 *
 * @param count        successful requests
 * @param totalNanos   wall time of the run
 * @param slowestNanos largest latency (0 when there is none)
 * @param fastestNanos smallest latency
 * @param averageNanos mean latency
 * @param stddevNanos  population standard deviation of the latencies
 * @param histogram    ten equal-width buckets from fastest to slowest (etcd's layout: 11 marks)
 * @param percentiles  p10 p25 p50 p75 p90 p95 p99 p99.9, nearest rank
 */
record Statistics(long count, long totalNanos, double slowestNanos, double fastestNanos,
                  double averageNanos, double stddevNanos, List<Bucket> histogram, List<Percentile> percentiles) {

    static final double[] PERCENTILES = {10, 25, 50, 75, 90, 95, 99, 99.9};
    static final int BUCKETS = 10;

    /** Requests at or below {@code markNanos} and above the previous mark. */
    record Bucket(double markNanos, long count) {}

    record Percentile(double percent, double valueNanos) {}

    Statistics {
        histogram = List.copyOf(histogram);
        percentiles = List.copyOf(percentiles);
    }

    double requestsPerSecond() {
        return totalNanos == 0 ? 0 : count * 1e9 / totalNanos;
    }

    static Statistics of(long[] sortedNanos, long totalNanos) {
        int n = sortedNanos.length;
        if (n == 0) {
            return new Statistics(0, totalNanos, 0, 0, 0, 0, List.of(), List.of());
        }
        double sum = 0;
        for (long v : sortedNanos) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (long v : sortedNanos) {
            squares += (v - mean) * (v - mean);
        }
        double stddev = Math.sqrt(squares / n);
        return new Statistics(n, totalNanos, sortedNanos[n - 1], sortedNanos[0], mean, stddev,
                histogram(sortedNanos), percentiles(sortedNanos));
    }

    /** Marks fastest + i*(slowest-fastest)/10 for i = 0..10; a value goes to the first mark not below it. */
    static List<Bucket> histogram(long[] sorted) {
        double fastest = sorted[0];
        double slowest = sorted[sorted.length - 1];
        double[] marks = new double[BUCKETS + 1];
        for (int i = 0; i < BUCKETS; i++) {
            marks[i] = fastest + (slowest - fastest) * i / BUCKETS;
        }
        marks[BUCKETS] = slowest;
        long[] counts = new long[BUCKETS + 1];
        int bucket = 0;
        for (long v : sorted) {
            while (bucket < BUCKETS && v > marks[bucket]) {
                bucket++;
            }
            counts[bucket]++;
        }
        Bucket[] buckets = new Bucket[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            buckets[i] = new Bucket(marks[i], counts[i]);
        }
        return List.of(buckets);
    }

    /** Nearest rank: the smallest value with at least p% of the values at or below it. */
    static List<Percentile> percentiles(long[] sorted) {
        Percentile[] out = new Percentile[PERCENTILES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            double p = PERCENTILES[i];
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            out[i] = new Percentile(p, sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
        }
        return List.of(out);
    }
}
