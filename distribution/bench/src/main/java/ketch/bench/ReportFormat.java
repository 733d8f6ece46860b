package ketch.bench;

import java.util.Locale;
import java.util.Map;

/** Prints a run in the layout of etcd's benchmark report (seconds, four decimals). */
final class ReportFormat {
    private static final int BAR_WIDTH = 40;

    private ReportFormat() {}

    static String format(Statistics s, Map<String, Long> errors) {
        StringBuilder out = new StringBuilder();
        out.append("\nSummary:\n");
        out.append(line("  Total:\t%s.\n", secs(s.totalNanos())));
        out.append(line("  Slowest:\t%s.\n", secs(s.slowestNanos())));
        out.append(line("  Fastest:\t%s.\n", secs(s.fastestNanos())));
        out.append(line("  Average:\t%s.\n", secs(s.averageNanos())));
        out.append(line("  Stddev:\t%s.\n", secs(s.stddevNanos())));
        out.append(line("  Requests/sec:\t%4.4f\n", s.requestsPerSecond()));
        if (s.count() > 0) {
            out.append("\nResponse time histogram:\n");
            long max = s.histogram().stream().mapToLong(Statistics.Bucket::count).max().orElse(1);
            for (Statistics.Bucket b : s.histogram()) {
                int bar = max == 0 ? 0 : (int) (b.count() * BAR_WIDTH / max);
                out.append(line("  %s [%d]\t|%s\n", secsNumber(b.markNanos()), b.count(), "∎".repeat(bar)));
            }
            out.append("\nLatency distribution:\n");
            for (Statistics.Percentile p : s.percentiles()) {
                out.append(line("  %s%% in %s.\n", percent(p.percent()), secs(p.valueNanos())));
            }
        }
        if (!errors.isEmpty()) {
            out.append("\nError distribution:\n");
            errors.forEach((message, count) -> out.append(line("  [%d]\t%s\n", count, message)));
        }
        return out.toString();
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String secs(double nanos) {
        return secsNumber(nanos) + " secs";
    }

    private static String secsNumber(double nanos) {
        return String.format(Locale.ROOT, "%4.4f", nanos / 1e9);
    }

    private static String line(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
