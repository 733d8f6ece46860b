package ketch.tck.logstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;

/**
 * Prints a log store's figures as a Markdown table (a program, not a test): appends/s and MB/s of
 * 256-byte entries in batches of 1, 16 and 256 with one sync per batch, the sync latency p50/p99,
 * the read-back rate, the reopen time of a log of {@code reopen-entries} entries, and disk bytes
 * per entry. Run it on the disk the node will use; a tmpfs makes fsync free.
 *
 * <p>Usage: {@code LogStoreBenchmark <provider-type> <empty-or-new-directory> [reopen-entries]}
 */
public final class LogStoreBenchmark {
    private static final int ENTRY_BYTES = 256;
    private static final int[][] RUNS = {{1, 2_000}, {16, 2_000}, {256, 1_000}}; // batch size, syncs

    private final LogStoreProvider provider;
    private final Path root;

    private LogStoreBenchmark(LogStoreProvider provider, Path root) {
        this.provider = provider;
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LogStoreBenchmark <provider-type> <directory> [reopen-entries, default 1000000]");
            System.exit(2);
        }
        Path root = Path.of(args[1]);
        if (Files.exists(root)) {
            try (Stream<Path> s = Files.list(root)) {
                if (s.findAny().isPresent()) throw new IllegalArgumentException("directory " + root + " is not empty");
            }
        }
        long reopenEntries = args.length == 3 ? Long.parseLong(args[2]) : 1_000_000;
        new LogStoreBenchmark(LogStoreProviders.byType(args[0]), root).run(reopenEntries);
    }

    private LogStore open(String name) {
        return provider.create(DefaultsPluginConfig.of(provider.type()), new LogStoreProvider.Context(root.resolve(name)));
    }

    private void run(long reopenEntries) {
        System.out.printf("# %s log store, %s, java %s, %d cpus%n%n", provider.type(), Instant.now(),
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| batch | syncs | appends/s | MB/s | sync mean ms | sync p50 ms | sync p99 ms | read-back entries/s | disk bytes/entry |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int[] r : RUNS) appendRun(r[0], r[1]);
        reopenRun(reopenEntries);
    }

    private void appendRun(int batch, int syncs) {
        String name = "batch-" + batch;
        long[] syncNanos = new long[syncs];
        long entries = (long) batch * syncs;
        long elapsed;
        double readRate;
        try (LogStore s = open(name)) {
            List<List<Entry>> warmup = batches(1, 200, batch);
            for (List<Entry> b : warmup) s.append(b);
            s.sync();
            long first = s.lastIndex() + 1;
            List<List<Entry>> work = batches(first, syncs, batch);
            long start = System.nanoTime();
            for (int i = 0; i < syncs; i++) {
                s.append(work.get(i));
                s.setHardState(new HardState(1, 1, first + (long) (i + 1) * batch - 1));
                long t = System.nanoTime();
                s.sync();
                syncNanos[i] = System.nanoTime() - t;
            }
            elapsed = System.nanoTime() - start;
            long readStart = System.nanoTime();
            long read = 0;
            for (long next = s.firstIndex(); next <= s.lastIndex(); ) {
                int n = s.entries(next, s.lastIndex() + 1, 1024 * 1024).size();
                read += n;
                next += n;
            }
            readRate = read / seconds(System.nanoTime() - readStart);
            entries = s.lastIndex();
        }
        Arrays.sort(syncNanos);
        double secs = seconds(elapsed);
        long measured = (long) batch * syncs;
        System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %.2f | %.3f | %.3f | %.3f | %,.0f | %.0f |%n", batch, syncs,
                measured / secs, measured * (double) ENTRY_BYTES / secs / 1e6,
                Arrays.stream(syncNanos).average().orElse(0) / 1e6,
                syncNanos[syncs / 2] / 1e6, syncNanos[(int) (syncs * 0.99)] / 1e6, readRate,
                (double) diskBytes(root.resolve(name)) / entries);
    }

    private void reopenRun(long total) {
        String name = "reopen";
        long writeStart = System.nanoTime();
        try (LogStore s = open(name)) {
            for (long next = 1; next <= total; next += 1000) {
                s.append(range(next, Math.min(total, next + 999)));
                s.sync();
            }
        }
        double writeSecs = seconds(System.nanoTime() - writeStart);
        long t = System.nanoTime();
        long last;
        try (LogStore s = open(name)) {
            double openMs = (System.nanoTime() - t) / 1e6;
            last = s.lastIndex();
            long firstRead = System.nanoTime();
            Entry e = s.entries(last, last + 1, Long.MAX_VALUE).getFirst();
            double firstReadMs = (System.nanoTime() - firstRead) / 1e6;
            if (last != total || e.index() != total) throw new IllegalStateException("reopened log ends at " + last);
            System.out.printf(Locale.ROOT, "%nReopen with %,d entries of %d B: open %.1f ms, first read of the last entry %.2f ms; "
                            + "written in batches of 1000 at %,.0f entries/s; %.0f disk bytes/entry.%n",
                    total, ENTRY_BYTES, openMs, firstReadMs, total / writeSecs, (double) diskBytes(root.resolve(name)) / total);
        }
    }

    private static List<List<Entry>> batches(long first, int count, int batch) {
        List<List<Entry>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(range(first + (long) i * batch, first + (long) (i + 1) * batch - 1));
        return out;
    }

    private static List<Entry> range(long from, long to) {
        List<Entry> out = new ArrayList<>((int) (to - from + 1));
        for (long i = from; i <= to; i++) out.add(DerivedEntries.entry(i, 1, ENTRY_BYTES));
        return out;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static long diskBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
