package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * For each log store, and each persistent KV backend: a node from the image under concurrent
 * writers is killed with SIGKILL mid-write, several times over the same data; after each restart
 * every acknowledged write is there and the revision has not gone backwards.
 */
class StoreCrashIT {
    private static final int ROUNDS = Integer.getInteger("ketch.e2e.crash.rounds", 3);
    private static final Pattern REVISION = Pattern.compile("\"revision\":\"(\\d+)\"");

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static long revision(String body) {
        Matcher m = REVISION.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @ParameterizedTest(name = "log store {0}, backend {1}")
    @CsvSource({"mvstore, memory", "lmdb, memory", "chronicle, memory", "lmdb, lmdb", "mvstore, mvstore"})
    void acknowledgedWritesSurviveSigkillMidWrite(String logStore, String backend, @TempDir Path dir) throws Exception {
        int client = NodeProcess.freePort();
        int peer = NodeProcess.freePort();
        String store = logStore + "+" + backend; // for the messages
        List<String> args = List.of("--log-store", logStore, "--backend", backend, "--listen-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-cluster", "default=http://127.0.0.1:" + peer,
                "--snapshot-count", "500"); // snapshots and log compaction happen during the run too
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicLong highestAckedRevision = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++) {
            try (NodeProcess node = NodeProcess.start(dir, client, args)) {
                node.awaitServing(Duration.ofSeconds(60));
                String check = node.post("/v3/kv/range", "{\"key\":\"" + b64("k-") + "\",\"range_end\":\"" + b64("k.") + "\",\"keys_only\":true}").body();
                long revisionAfterRestart = revision(check);
                assertTrue(revisionAfterRestart >= highestAckedRevision.get(),
                        store + " round " + round + ": revision went back from " + highestAckedRevision.get() + " to " + revisionAfterRestart);
                List<String> missing = acked.stream().filter(k -> !check.contains("\"" + b64(k) + "\"")).toList();
                assertTrue(missing.isEmpty(), store + " round " + round + ": acknowledged writes lost: " + missing);

                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> writers = new ArrayList<>();
                int r = round;
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    writers.add(Thread.ofPlatform().start(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "k-" + r + "-" + writer + "-" + i;
                            try {
                                HttpResponse<String> resp = node.post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64("v") + "\"}");
                                if (resp.statusCode() == 200) {
                                    acked.add(key);
                                    highestAckedRevision.accumulateAndGet(revision(resp.body()), Math::max);
                                }
                            } catch (Exception e) {
                                return; // killed: this write is unacknowledged
                            }
                        }
                    }));
                }
                Thread.sleep(1200 + 300L * round);
                node.kill(); // mid-write: the writers are still sending
                stop.set(true);
                for (Thread t : writers) t.join(15_000);
            }
        }
        try (NodeProcess node = NodeProcess.start(dir, client, args)) {
            node.awaitServing(Duration.ofSeconds(60));
            String all = node.post("/v3/kv/range", "{\"key\":\"" + b64("k-") + "\",\"range_end\":\"" + b64("k.") + "\",\"keys_only\":true}").body();
            List<String> missing = acked.stream().filter(k -> !all.contains("\"" + b64(k) + "\"")).toList();
            assertTrue(missing.isEmpty(), store + ": acknowledged writes lost: " + missing);
            assertTrue(revision(all) >= highestAckedRevision.get());
            System.out.println(store + ": " + ROUNDS + " SIGKILLs mid-write, " + acked.size() + " acknowledged writes all present, revision "
                    + revision(all) + " >= highest acknowledged " + highestAckedRevision.get());
        }
    }
}
