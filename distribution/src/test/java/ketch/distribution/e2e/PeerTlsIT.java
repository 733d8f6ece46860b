package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three members from the image with mutual TLS between peers (https:// peer URLs and etcd's
 * peer-* flags) write and read; a fourth process with a certificate of another CA is refused at
 * the TLS handshake, and one with a good certificate but another cluster is refused by the
 * cluster-id check. Both are logged by the member they dialed, and the cluster is undisturbed.
 */
class PeerTlsIT {
    private static final int MEMBERS = 3;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static List<String> args(String name, int clientPort, int peerPort, String cluster, String token, String transport, Path cert, Path ca) {
        String key = cert.toString().replace(".pem", ".key");
        return List.of("--name", name, "--data-dir", "data-" + name,
                "--listen-client-urls", "http://127.0.0.1:" + clientPort, "--advertise-client-urls", "http://127.0.0.1:" + clientPort,
                "--listen-peer-urls", "https://127.0.0.1:" + peerPort, "--initial-advertise-peer-urls", "https://127.0.0.1:" + peerPort,
                "--initial-cluster", cluster, "--initial-cluster-token", token, "--transport", transport,
                "--peer-cert-file", cert.toString(), "--peer-key-file", key, "--peer-trusted-ca-file", ca.toString(), "--peer-client-cert-auth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "websocket"})
    void mutualTlsClusterRefusesStrangers(String transport, @TempDir Path dir) throws Exception {
        assumeTrue(Certificates.opensslAvailable(), "the openssl command makes the test certificates");
        Certificates ca = Certificates.newCa(dir, "cluster");
        Certificates otherCa = Certificates.newCa(dir, "other");
        int[] client = new int[MEMBERS];
        int[] peer = new int[MEMBERS];
        StringBuilder cluster = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            client[i] = NodeProcess.freePort();
            peer[i] = NodeProcess.freePort();
            cluster.append(i == 0 ? "" : ",").append("n").append(i + 1).append("=https://127.0.0.1:").append(peer[i]);
        }
        String token = "tls-it-" + System.nanoTime();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                nodes.add(NodeProcess.start(dir, client[i], args("n" + (i + 1), client[i], peer[i], cluster.toString(), token, transport,
                        ca.issue("n" + (i + 1)), ca.caFile())));
            }
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));
            assertEquals(200, nodes.get(1).post("/v3/kv/put", "{\"key\":\"" + b64("tls") + "\",\"value\":\"" + b64("yes") + "\"}").statusCode());
            for (NodeProcess n : nodes) {
                String body = n.post("/v3/kv/range", "{\"key\":\"" + b64("tls") + "\"}").body();
                assertTrue(body.contains(b64("yes")), "linearizable read over mutual TLS: " + body);
            }
            String n1 = "n1=https://127.0.0.1:" + peer[0];

            // a certificate of another CA: refused at the handshake by the member it dials
            int strangerClient = NodeProcess.freePort();
            int strangerPeer = NodeProcess.freePort();
            try (NodeProcess stranger = NodeProcess.start(dir, strangerClient, args("stranger", strangerClient, strangerPeer,
                    n1 + ",stranger=https://127.0.0.1:" + strangerPeer, token, transport, otherCa.issue("stranger"), ca.caFile()))) {
                awaitLog(nodes.getFirst(), "TLS handshake failed");
            }
            // a certificate of the cluster's CA, but a member of another cluster (another initial-cluster)
            int otherClient = NodeProcess.freePort();
            int otherPeer = NodeProcess.freePort();
            try (NodeProcess other = NodeProcess.start(dir, otherClient, args("other", otherClient, otherPeer,
                    n1 + ",other=https://127.0.0.1:" + otherPeer, token, transport, ca.issue("other"), ca.caFile()))) {
                awaitLog(nodes.getFirst(), "request cluster ID mismatch");
            }
            String log = nodes.getFirst().output();
            System.out.println(transport + ": member n1 refused the strangers:\n" + firstLine(log, "TLS handshake failed") + "\n" + firstLine(log, "cluster ID mismatch"));
            assertEquals(200, nodes.get(2).post("/v3/kv/put", "{\"key\":\"" + b64("still") + "\",\"value\":\"" + b64("fine") + "\"}").statusCode());
            String body = nodes.getFirst().post("/v3/kv/range", "{\"key\":\"" + b64("still") + "\"}").body();
            assertTrue(body.contains(b64("fine")), body);
        } finally {
            for (NodeProcess n : nodes) n.close();
        }
    }

    @org.junit.jupiter.api.Test
    void badTlsSettingsStopTheStartNamingTheKeyAndFile(@TempDir Path dir) throws Exception {
        assumeTrue(Certificates.opensslAvailable(), "the openssl command makes the test certificates");
        Certificates ca = Certificates.newCa(dir, "cluster");
        Path cert = ca.issue("n1");
        int port = NodeProcess.freePort();
        String url = "https://127.0.0.1:" + NodeProcess.freePort();
        List<String> common = List.of("--data-dir", "data-bad", "--listen-client-urls", "http://127.0.0.1:" + port,
                "--listen-peer-urls", url, "--initial-advertise-peer-urls", url);

        NodeProcess.Result noCert = NodeProcess.run(dir, common);
        assertEquals(2, noCert.exitCode(), noCert.output());
        assertTrue(noCert.output().contains("listen-peer-urls has " + url + " but peer-cert-file and peer-key-file are not set"), noCert.output());

        List<String> missingKey = new ArrayList<>(common);
        missingKey.addAll(List.of("--peer-cert-file", cert.toString(), "--peer-key-file", dir.resolve("nope.key").toString()));
        NodeProcess.Result noKey = NodeProcess.run(dir, missingKey);
        assertEquals(2, noKey.exitCode(), noKey.output());
        assertTrue(noKey.output().contains("peer-key-file: " + dir.resolve("nope.key") + " does not exist or is not a file"), noKey.output());

        // a damaged key in the older EC form: refused with the command that converts a good one
        java.nio.file.Files.writeString(dir.resolve("old.key"), "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n");
        List<String> oldKey = new ArrayList<>(common);
        oldKey.addAll(List.of("--peer-cert-file", cert.toString(), "--peer-key-file", dir.resolve("old.key").toString()));
        NodeProcess.Result sec1 = NodeProcess.run(dir, oldKey);
        assertEquals(2, sec1.exitCode(), sec1.output());
        assertTrue(sec1.output().contains("peer-key-file: " + dir.resolve("old.key") + ": the 'EC PRIVATE KEY' key cannot be read")
                && sec1.output().contains("openssl pkcs8 -topk8 -nocrypt"), sec1.output());
    }

    private static String firstLine(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).findFirst().orElse("(none)");
    }

    private static void awaitLog(NodeProcess node, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!node.output().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in the log of n1:\n" + node.output());
            Thread.sleep(50);
        }
    }
}
