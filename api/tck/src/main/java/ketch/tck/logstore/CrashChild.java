package ketch.tck.logstore;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import ketch.api.raft.HardState;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;

/**
 * The process {@link CrashHarness} kills: opens the store of a provider type in a directory and
 * appends {@link DerivedEntries} in random batches forever, printing {@code synced <lastIndex>}
 * after each sync. Arguments: provider type, directory, seed, largest batch.
 */
public final class CrashChild {
    /** Batches before the child stops by itself, so a lost parent cannot leave it running. */
    static final int MAX_BATCHES = 200_000;

    private CrashChild() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: CrashChild <provider-type> <directory> <seed> <max-batch>");
            System.exit(2);
        }
        String type = args[0];
        Path dir = Path.of(args[1]);
        SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[2]));
        int maxBatch = Integer.parseInt(args[3]);
        PrintStream out = System.out;
        try (LogStore store = LogStoreProviders.byType(type).create(DefaultsPluginConfig.of(type), new LogStoreProvider.Context(dir))) {
            out.println("opened " + store.lastIndex());
            out.flush();
            for (int batch = 0; batch < MAX_BATCHES; batch++) {
                long first = store.lastIndex() + 1;
                long last = first + rnd.nextInt(maxBatch);
                store.append(DerivedEntries.range(first, last));
                store.setHardState(new HardState(DerivedEntries.termOf(last), 1, last));
                if (last > 3000 && rnd.nextInt(20) == 0) store.compact(last - 2000);
                store.sync();
                out.println("synced " + last);
                out.flush();
            }
        }
    }
}
