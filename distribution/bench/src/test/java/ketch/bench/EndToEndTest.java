package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole runs of the tool against the trivial server: counts, not speed. */
class EndToEndTest {
    private static final TrivialServer.Answer OK = TrivialServer.Answer.ok("{\"header\":{\"revision\":\"2\"}}");

    private static String run(TrivialServer server, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--endpoints";
        all[1] = "http://127.0.0.1:" + server.port();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> "stderr: " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void putSendsEveryRequestOverPipelinedConnections() throws Exception {
        try (TrivialServer server = new TrivialServer(0, path -> OK)) {
            String report = run(server, "--conns", "3", "--clients", "24", "put", "--total", "300",
                    "--val-size", "256", "--key-space-size", "50");
            assertEquals(300, server.requests("/v3/kv/put"));
            assertTrue(report.contains("Summary:"), report);
            assertTrue(report.contains("Latency distribution:\n  10% in "), report);
            assertTrue(!report.contains("Error distribution"), report);
        }
    }

    @Test
    void rangeTxnAndKeepaliveHitTheirPaths() throws Exception {
        TrivialServer.Answer grant = TrivialServer.Answer.ok("{\"header\":{},\"ID\":\"7587\",\"TTL\":\"100\"}");
        TrivialServer.Answer keepalive = new TrivialServer.Answer(200,
                "{\"result\":{\"ID\":\"7587\",\"TTL\":\"100\"}}\n".getBytes(StandardCharsets.UTF_8), true);
        Map<String, TrivialServer.Answer> answers = Map.of("/v3/lease/grant", grant, "/v3/lease/keepalive", keepalive);
        try (TrivialServer server = new TrivialServer(0, path -> answers.getOrDefault(path, OK))) {
            assertTrue(run(server, "range", "foo", "--consistency", "s", "--total", "200", "--clients", "8")
                    .startsWith("bench with serializable range\n"));
            // as many connections as clients: each client owns its connection (no reader thread)
            run(server, "--conns", "4", "txn-put", "--total", "150", "--txn-ops", "3", "--key-space-size", "10", "--clients", "4");
            run(server, "--clients", "5", "--conns", "2", "lease-keepalive", "--total", "100");
            assertEquals(200, server.requests("/v3/kv/range"));
            assertEquals(150, server.requests("/v3/kv/txn"));
            assertEquals(5, server.requests("/v3/lease/grant"));
            assertEquals(100, server.requests("/v3/lease/keepalive"));
        }
    }

    @Test
    void failedRequestsAreCountedInTheErrorDistribution() throws Exception {
        TrivialServer.Answer tooLarge = new TrivialServer.Answer(400,
                "{\"error\":\"etcdserver: request is too large\",\"code\":3}".getBytes(StandardCharsets.UTF_8), true);
        try (TrivialServer server = new TrivialServer(0, path -> tooLarge)) {
            String report = run(server, "--clients", "4", "put", "--total", "40");
            assertEquals(40, server.requests("/v3/kv/put"));
            assertTrue(report.contains("Error distribution:\n  [40]\tetcdserver: request is too large (HTTP 400)"), report);
        }
    }

    @Test
    void pacedRunsSendEveryRequest() throws Exception {
        try (TrivialServer server = new TrivialServer(0, path -> OK)) {
            String report = run(server, "--conns", "2", "--clients", "4", "put", "--total", "60", "--rate", "2000");
            assertEquals(60, server.requests("/v3/kv/put"));
            assertTrue(!report.contains("Error distribution"), report);
        }
    }

    @Test
    void aConnectionTheServerDropsCountsEveryRequestAsFailed() throws Exception {
        try (java.net.ServerSocket dropping = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofPlatform().daemon().start(() -> {
                while (!dropping.isClosed()) {
                    try (java.net.Socket s = dropping.accept()) {
                        s.getInputStream().read(); // the first request arrives, then the connection goes
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"--endpoints", "http://127.0.0.1:" + dropping.getLocalPort(),
                    "--conns", "2", "--clients", "2", "put", "--total", "30"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
            String report = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, report);
            // reset or end of stream, depending on timing: each line names the connection, and all 30 are there
            String errors = report.substring(report.indexOf("Error distribution:\n") + 20);
            long counted = 0;
            for (String line : errors.strip().split("\n")) {
                assertTrue(line.contains("\tconnection to http://127.0.0.1:" + dropping.getLocalPort() + " failed: "), report);
                counted += Long.parseLong(line.substring(line.indexOf('[') + 1, line.indexOf(']')));
            }
            assertEquals(30, counted, report);
            closer.interrupt();
        }
    }
}
