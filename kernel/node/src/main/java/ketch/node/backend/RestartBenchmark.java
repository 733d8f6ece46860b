package ketch.node.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.node.KetchNode;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;

/**
 * A program, not a test: how long a single member takes to restart with {@code keys} keys written,
 * for one backend type. It writes the keys (64-byte values, 512 requests in flight), closes the
 * node, then times {@code KetchNode.start} until a linearizable read is answered, and prints one
 * Markdown row: backend, keys, snapshot-count, write seconds, restart ms, entries replayed, db size. Run from the image so every plugin is installed:
 *
 * <pre>{@code distribution/target/ketch/bin/java -m ketch.node/ketch.node.backend.RestartBenchmark memory /var/tmp/rb 100000}</pre>
 */
public final class RestartBenchmark {
    private RestartBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: RestartBenchmark <backend type: memory|lmdb|mvstore> <new directory> [keys, default 100000]"
                    + " [snapshot-count, default 100000]");
            System.exit(2);
        }
        String backend = args[0];
        Path dir = Path.of(args[1]);
        if (Files.exists(dir)) throw new IllegalArgumentException("directory " + dir + " exists; give a new one");
        int keys = args.length >= 3 ? Integer.parseInt(args[2]) : 100_000;
        long snapshotCount = args.length == 4 ? Long.parseLong(args[3]) : 100_000;
        Logger.getLogger("").setLevel(Level.WARNING);
        PluginCatalog plugins = PluginCatalog.installed();
        int client = freePort();
        int peer = freePort(); // the member id derives from the peer URL: the same one for both starts

        long writeStart = System.nanoTime();
        try (KetchNode node = KetchNode.start(config(dir, backend, snapshotCount, client, peer), plugins, Clock.system())) {
            List<CompletableFuture<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                inFlight.add(node.kv().put(PutRequest.of(Bytes.of(String.format("key-%08d", i)), Bytes.of("v".repeat(64)))));
                if (inFlight.size() == 512) {
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    inFlight.clear();
                }
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

        long restartStart = System.nanoTime();
        try (KetchNode node = KetchNode.start(config(dir, backend, snapshotCount, client, peer), plugins, Clock.system())) {
            long revision = node.kv().range(RangeRequest.ofKey(Bytes.of("key-00000000"))).get(120, TimeUnit.SECONDS).header().revision();
            double restartMs = (System.nanoTime() - restartStart) / 1e6;
            if (revision != keys + 1) throw new IllegalStateException("revision " + revision + " after restart, expected " + (keys + 1));
            long dbSize = node.cluster().status().get(60, TimeUnit.SECONDS).dbSize();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %d | %d |%n", backend, keys, snapshotCount, writeSeconds, restartMs,
                    node.appliedSinceStart(), dbSize);
        }
    }

    private static NodeConfig config(Path dir, String backend, long snapshotCount, int client, int peer) {
        return NodeConfigLoader.fromYaml("data-dir: " + dir + "\nbackend: " + backend + "\nsnapshot-count: " + snapshotCount
                + "\nlisten-client-urls: http://127.0.0.1:" + client + "\nlisten-peer-urls: http://127.0.0.1:" + peer
                + "\ninitial-cluster: default=http://127.0.0.1:" + peer + "\n", "benchmark");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
