package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end: the built image as a real process, a put and a range over
 * HTTP in etcd's JSON, SIGKILL, restart over the same data, the key still there.
 */
class SingleNodeIT {

    private static List<String> ports(String store, int client, int peer) {
        return List.of("--log-store", store, "--listen-client-urls", "http://127.0.0.1:" + client, "--advertise-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "default=http://127.0.0.1:" + peer);
    }

    /** Every log store in the image runs the node end to end. */
    @ParameterizedTest
    @ValueSource(strings = {"mvstore", "lmdb", "chronicle"})
    void putRangeKillRestartRange(String store, @TempDir Path dir) throws Exception {
        int client = NodeProcess.freePort();
        int peer = NodeProcess.freePort();
        String put;
        try (NodeProcess node = NodeProcess.start(dir, client, ports(store, client, peer))) {
            Duration ready = node.awaitServing(Duration.ofSeconds(30));
            System.out.println(store + ": start-to-serving " + ready.toMillis() + " ms");
            HttpResponse<String> r = node.post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}");
            assertEquals(200, r.statusCode(), r.body());
            put = r.body();
            assertTrue(put.contains("\"revision\":\"2\""), "the first put gets revision 2 as in etcd: " + put);
            r = node.post("/v3/kv/range", "{\"key\":\"Zm9v\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\",\"value\":\"YmFy\"}]"), r.body());
            assertTrue(r.body().contains("\"count\":\"1\""), r.body());
            node.kill();
        }
        assertTrue(Files.isDirectory(dir.resolve("ketch-data")), "data in ./ketch-data by default");
        try (NodeProcess node = NodeProcess.start(dir, client, ports(store, client, peer))) {
            node.awaitServing(Duration.ofSeconds(30));
            HttpResponse<String> r = node.post("/v3/kv/range", "{\"key\":\"Zm9v\"}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"value\":\"YmFy\""), "the acknowledged put survived SIGKILL: " + r.body());
            r = node.post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmF6\",\"prev_kv\":true}");
            assertTrue(r.body().contains("\"revision\":\"3\""), "revisions continue after restart: " + r.body());
            assertTrue(r.body().contains("\"prev_kv\":{\"key\":\"Zm9v\",\"create_revision\":\"2\""), r.body());
        }
    }

    @Test
    void wrongPluginTypeIsRefusedWithFileLineAndChoices(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("node.yaml"), "name: n1\nlog-store:\n  type: rocksdb\n");
        NodeProcess.Result r = NodeProcess.run(dir, List.of("--config-file", "node.yaml"));
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("node.yaml:3: unknown log-store type 'rocksdb'; installed: chronicle, lmdb, mvstore"), r.output());
    }

    @Test
    void typoedKeyIsRefusedWithFileLineAndSuggestion(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("node.yaml"), "name: n1\nlisten-client-url: http://127.0.0.1:1\n");
        NodeProcess.Result r = NodeProcess.run(dir, List.of("--config-file", "node.yaml"));
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("node.yaml:2: unknown key 'listen-client-url'; did you mean 'listen-client-urls'?"), r.output());
    }

    @Test
    void helpListsEtcdFlags(@TempDir Path dir) throws Exception {
        NodeProcess.Result r = NodeProcess.run(dir, List.of("--help"));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("--initial-cluster-token"), r.output());
    }
}
