package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final long MS = 1_000_000;

    /** 1..100 ms: every figure is known by hand. */
    private static long[] oneToHundredMillis() {
        long[] v = new long[100];
        for (int i = 0; i < 100; i++) {
            v[i] = (i + 1) * MS;
        }
        return v;
    }

    @Test
    void summaryFiguresOnKnownData() {
        Statistics s = Statistics.of(oneToHundredMillis(), 2_000 * MS);
        assertEquals(100, s.count());
        assertEquals(100 * MS, s.slowestNanos());
        assertEquals(MS, s.fastestNanos());
        assertEquals(50.5 * MS, s.averageNanos(), 1e-6);
        // population stddev of 1..100 is sqrt((100^2-1)/12)
        assertEquals(Math.sqrt(9999.0 / 12) * MS, s.stddevNanos(), 1e-3);
        assertEquals(50.0, s.requestsPerSecond(), 1e-9);
    }

    @Test
    void percentilesAreNearestRank() {
        List<Statistics.Percentile> p = Statistics.of(oneToHundredMillis(), 1).percentiles();
        assertEquals(List.of(10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9),
                p.stream().map(Statistics.Percentile::percent).toList());
        assertEquals(List.of(10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 100.0),
                p.stream().map(x -> x.valueNanos() / MS).toList());
        // one value: every percentile is it
        assertTrue(Statistics.of(new long[] {7}, 1).percentiles().stream().allMatch(x -> x.valueNanos() == 7));
    }

    @Test
    void histogramHasElevenMarksAndCountsEveryValueOnce() {
        List<Statistics.Bucket> h = Statistics.of(oneToHundredMillis(), 1).histogram();
        assertEquals(11, h.size());
        assertEquals(MS, h.getFirst().markNanos(), 1e-6);
        assertEquals(100 * MS, h.getLast().markNanos(), 1e-6);
        assertEquals(10.9 * MS, h.get(1).markNanos(), 1e-6);
        // marks 1, 10.9, 20.8, ... ms: a value goes to the first mark at or above it
        assertEquals(List.of(1L, 9L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L),
                h.stream().map(Statistics.Bucket::count).toList());
        assertEquals(100, h.stream().mapToLong(Statistics.Bucket::count).sum());
    }

    @Test
    void equalLatenciesFallInTheFirstBucket() {
        List<Statistics.Bucket> h = Statistics.of(new long[] {5, 5, 5}, 1).histogram();
        assertEquals(3, h.getFirst().count());
        assertEquals(3, h.stream().mapToLong(Statistics.Bucket::count).sum());
    }

    @Test
    void latenciesMergeAndSort() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 3000; i > 0; i--) {
            (i % 2 == 0 ? a : b).record(i);
        }
        long[] all = Latencies.merge(List.of(a, b)).sorted();
        assertEquals(3000, all.length);
        assertEquals(1, all[0]);
        assertEquals(3000, all[2999]);
    }

    @Test
    void reportHasEtcdsLayout() {
        String text = ReportFormat.format(Statistics.of(oneToHundredMillis(), 2_000 * MS), Map.of("HTTP 500", 3L));
        assertTrue(text.contains("\nSummary:\n  Total:\t2.0000 secs.\n  Slowest:\t0.1000 secs.\n  Fastest:\t0.0010 secs.\n"
                + "  Average:\t0.0505 secs.\n  Stddev:\t0.0289 secs.\n  Requests/sec:\t50.0000\n"), text);
        assertTrue(text.contains("\nResponse time histogram:\n  0.0010 [1]\t|∎∎∎∎\n  0.0109 [9]\t|" + "∎".repeat(36) + "\n"), text);
        assertTrue(text.contains("\nLatency distribution:\n  10% in 0.0100 secs.\n"), text);
        assertTrue(text.contains("  99.9% in 0.1000 secs.\n"), text);
        assertTrue(text.contains("\nError distribution:\n  [3]\tHTTP 500\n"), text);
    }

    @Test
    void emptyRunPrintsZeroesWithoutHistogram() {
        String text = ReportFormat.format(Statistics.of(new long[0], MS), Map.of());
        assertTrue(text.contains("Requests/sec:\t0.0000"), text);
        assertTrue(!text.contains("histogram"), text);
    }
}
