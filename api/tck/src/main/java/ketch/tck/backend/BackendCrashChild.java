package ketch.tck.backend;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.KvBatch;
import ketch.tck.logstore.DefaultsPluginConfig;

/**
 * The process {@link BackendCrashHarness} kills: opens a backend and commits numbered batches
 * forever. Batch {@code n} sets keys {@code k0..k9} of bucket {@code key} and {@code n} of bucket
 * {@code meta} to {@code n} (sometimes clearing the bucket first, with random filler keys), and
 * prints {@code synced <n>} after each sync. Arguments: provider type, directory, seed.
 */
public final class BackendCrashChild {
    static final int KEYS = 10;
    /** Batches before the child stops by itself, so a lost parent cannot leave it running. */
    static final int MAX_BATCHES = 500_000;

    private BackendCrashChild() {}

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: BackendCrashChild <provider-type> <directory> <seed>");
            System.exit(2);
        }
        String type = args[0];
        SplittableRandom rnd = new SplittableRandom(Long.parseLong(args[2]));
        KvBackendProvider provider = ServiceLoader.load(KvBackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend provider of type '" + type + "'"));
        PrintStream out = System.out;
        try (KvBackend backend = provider.create(DefaultsPluginConfig.of(type), new KvBackendProvider.Context(Path.of(args[1])))) {
            long n = backend.get("meta", Bytes.of("n")).map(b -> Long.parseLong(b.toStringUtf8())).orElse(0L);
            out.println("opened " + n);
            out.flush();
            for (int i = 0; i < MAX_BATCHES; i++) {
                n++;
                Bytes value = Bytes.of(Long.toString(n));
                KvBatch.Builder batch = KvBatch.builder();
                if (rnd.nextInt(10) == 0) batch.clear("key");
                for (int k = 0; k < KEYS; k++) batch.put("key", Bytes.of("k" + k), value);
                for (int f = rnd.nextInt(20); f > 0; f--) {
                    byte[] filler = new byte[rnd.nextInt(2000)];
                    rnd.nextBytes(filler);
                    batch.put("key", Bytes.of("filler-" + rnd.nextInt(500)), Bytes.wrap(filler));
                }
                batch.put("meta", Bytes.of("n"), value);
                backend.commit(batch.build());
                if (rnd.nextInt(4) == 0) {
                    backend.sync();
                    out.println("synced " + n);
                    out.flush();
                }
            }
        }
    }
}
