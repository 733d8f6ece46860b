package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members from the built image with a tiny quota: filling it raises NOSPACE through Raft, so
 * every member lists the alarm, answers /health 503 and refuses writes; HashKV agrees on every
 * member; compaction plus disarm on another member restores writes everywhere.
 */
class MaintenanceClusterIT {
    private static final int MEMBERS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static List<String> args(int i, int[] client, int[] peer, String token) {
        StringBuilder cluster = new StringBuilder();
        for (int j = 0; j < MEMBERS; j++) {
            if (j > 0) cluster.append(',');
            cluster.append("n").append(j + 1).append("=http://127.0.0.1:").append(peer[j]);
        }
        return List.of("--name", "n" + (i + 1), "--data-dir", "data-n" + (i + 1),
                "--listen-client-urls", "http://127.0.0.1:" + client[i], "--advertise-client-urls", "http://127.0.0.1:" + client[i],
                "--listen-peer-urls", "http://127.0.0.1:" + peer[i], "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer[i],
                "--initial-cluster", cluster.toString(), "--initial-cluster-token", token, "--quota-backend-bytes", "16384");
    }

    private static int health(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Polls {@code path} until its body passes {@code check}: followers apply a moment after the leader. */
    private static String await(NodeProcess n, String path, String body, Predicate<String> check) throws Exception {
        String last = "";
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            last = n.post(path, body).body();
            if (check.test(last)) return last;
            Thread.sleep(20);
        }
        throw new AssertionError(path + " never answered as expected; last: " + last);
    }

    @Test
    void noSpaceIsRaisedEverywhereAndClearedEverywhere(@TempDir Path dir) throws Exception {
        int[] client = new int[MEMBERS];
        int[] peer = new int[MEMBERS];
        for (int i = 0; i < MEMBERS; i++) {
            client[i] = NodeProcess.freePort();
            peer[i] = NodeProcess.freePort();
        }
        String token = "maintenance-it-" + System.nanoTime();
        NodeProcess[] nodes = new NodeProcess[MEMBERS];
        try {
            for (int i = 0; i < MEMBERS; i++) nodes[i] = NodeProcess.start(dir, client[i], args(i, client, peer, token));
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));
            String value = b64("x".repeat(1024));
            HttpResponse<String> put = null;
            for (int i = 0; i < 40; i++) {
                put = nodes[0].post("/v3/kv/put", "{\"key\":\"" + b64("k" + i) + "\",\"value\":\"" + value + "\"}");
                if (put.statusCode() != 200) break;
            }
            assertEquals(429, put.statusCode(), put.body());
            assertTrue(put.body().contains("etcdserver: mvcc: database space exceeded"), put.body());
            String raiser = nodes[0].post("/v3/maintenance/status", "{}").body().replaceAll(".*\"member_id\":\"(\\d+)\".*", "$1");
            String alarm = "{\"memberID\":\"" + raiser + "\",\"alarm\":\"NOSPACE\"}";
            for (NodeProcess n : nodes) {
                await(n, "/v3/maintenance/alarm", "{}", body -> body.equals("{\"alarms\":[" + alarm + "]}"));
                assertTrue(n.post("/v3/maintenance/status", "{}").body().contains("\"errors\":[\"memberID:" + raiser + " alarm:NOSPACE \"]"));
            }
            for (int port : client) assertEquals(503, health(port));
            HttpResponse<String> refused = nodes[2].post("/v3/kv/put", "{\"key\":\"" + b64("small") + "\",\"value\":\"" + b64("1") + "\"}");
            assertEquals(429, refused.statusCode(), "capped on every member: " + refused.body());

            // HashKV at one revision is equal on every member
            String revision = nodes[0].post("/v3/kv/range", "{\"key\":\"" + b64("k0") + "\"}").body()
                    .replaceAll(".*\"revision\":\"(\\d+)\".*", "$1");
            List<String> hashes = new ArrayList<>();
            for (NodeProcess n : nodes) {
                hashes.add(await(n, "/v3/maintenance/hashkv", "{\"revision\":\"" + revision + "\"}", b -> b.contains("\"hash\"")));
            }
            List<String> values = hashes.stream().map(h -> h.replaceAll(".*\"hash\":(\\d+).*", "$1")).distinct().toList();
            assertEquals(1, values.size(), "hashkv differs between members: " + hashes);

            // free space and disarm through another member; writes come back everywhere
            assertEquals(200, nodes[1].post("/v3/kv/deleterange", "{\"key\":\"" + b64("k") + "\",\"range_end\":\"" + b64("l") + "\"}").statusCode());
            String now = nodes[1].post("/v3/kv/range", "{\"key\":\"" + b64("k0") + "\"}").body().replaceAll(".*\"revision\":\"(\\d+)\".*", "$1");
            assertEquals(200, nodes[1].post("/v3/kv/compaction", "{\"revision\":\"" + now + "\",\"physical\":true}").statusCode());
            HttpResponse<String> disarmed = nodes[1].post("/v3/maintenance/alarm", "{\"action\":\"DEACTIVATE\"," + alarm.substring(1));
            assertEquals("{\"alarms\":[" + alarm + "]}", disarmed.body());
            for (NodeProcess n : nodes) await(n, "/v3/maintenance/alarm", "{}", "{}"::equals);
            for (int port : client) assertEquals(200, health(port));
            assertEquals(200, nodes[2].post("/v3/kv/put", "{\"key\":\"" + b64("small") + "\",\"value\":\"" + b64("1") + "\"}").statusCode());
        } finally {
            for (NodeProcess n : nodes) if (n != null) n.close();
        }
    }
}
