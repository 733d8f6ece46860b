package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members from the built image on loopback, over each transport: writes on any member are
 * readable linearizably on all; SIGKILL of the leader, three times, under concurrent writers; a new
 * leader each time; no acknowledged write lost; each killed member restarts and catches up.
 */
class ClusterIT {
    private static final int MEMBERS = 3;
    /** How many times the leader is killed (and restarted) under load in one run. */
    private static final int KILLS = 3;

    record Ports(int client, int peer) {}

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    static List<String> args(int i, List<Ports> ports, String token, String... extra) {
        StringBuilder cluster = new StringBuilder();
        for (int j = 0; j < ports.size(); j++) {
            if (j > 0) cluster.append(',');
            cluster.append("n").append(j + 1).append("=http://127.0.0.1:").append(ports.get(j).peer);
        }
        Ports p = ports.get(i);
        List<String> args = new ArrayList<>(List.of("--name", "n" + (i + 1), "--data-dir", "data-n" + (i + 1),
                "--listen-client-urls", "http://127.0.0.1:" + p.client, "--advertise-client-urls", "http://127.0.0.1:" + p.client,
                "--listen-peer-urls", "http://127.0.0.1:" + p.peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + p.peer,
                "--initial-cluster", cluster.toString(), "--initial-cluster-token", token));
        args.addAll(List.of(extra));
        return args;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "websocket"})
    void killTheLeaderUnderLoadLosesNoAcknowledgedWrite(String transport, @TempDir Path dir) throws Exception {
        List<Ports> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) ports.add(new Ports(NodeProcess.freePort(), NodeProcess.freePort()));
        String token = "cluster-it-" + System.nanoTime();
        NodeProcess[] nodes = new NodeProcess[MEMBERS];
        try {
            for (int i = 0; i < MEMBERS; i++) nodes[i] = NodeProcess.start(dir, ports.get(i).client, args(i, ports, token, "--transport", transport));
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));

            // a write on one member is read linearizably on every member
            assertEquals(200, nodes[1].post("/v3/kv/put", "{\"key\":\"" + b64("hello") + "\",\"value\":\"" + b64("world") + "\"}").statusCode());
            for (NodeProcess n : nodes) {
                String body = n.post("/v3/kv/range", "{\"key\":\"" + b64("hello") + "\"}").body();
                assertTrue(body.contains(b64("world")), body);
            }

            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstAckAfterKill = new AtomicLong(); // of a write that STARTED after the kill
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        NodeProcess target = nodes[(writer + i) % MEMBERS];
                        if (!target.isAlive()) continue;
                        String key = "w-" + writer + "-" + i;
                        long started = System.nanoTime();
                        try {
                            HttpResponse<String> r = target.post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64("v" + i) + "\"}");
                            if (r.statusCode() == 200) {
                                acked.add(key);
                                if (started > killedAt.get()) firstAckAfterKill.compareAndSet(0, System.nanoTime());
                            }
                        } catch (Exception e) {
                            // the member died or timed out: the write is unacknowledged, which is allowed to be lost
                        }
                    }
                }));
            }
            List<Long> failoverMillis = new ArrayList<>();
            for (int round = 1; round <= KILLS; round++) {
                Thread.sleep(1500);
                int leader = -1;
                long leaderDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (leader < 0 && System.nanoTime() < leaderDeadline) {
                    for (int i = 0; i < MEMBERS; i++) if (nodes[i].isAlive() && nodes[i].leads()) leader = i;
                    if (leader < 0) Thread.sleep(20);
                }
                assertTrue(leader >= 0, "one member logs that it leads");
                int ackedBeforeKill = acked.size();
                firstAckAfterKill.set(0);
                nodes[leader].kill();
                killedAt.set(System.nanoTime());
                // writes resume once the survivors elect a new leader
                long deadline = killedAt.get() + Duration.ofSeconds(20).toNanos();
                while (firstAckAfterKill.get() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(firstAckAfterKill.get() != 0, "a write started after the leader was killed is acknowledged within 20 s");
                long failover = (firstAckAfterKill.get() - killedAt.get()) / 1_000_000;
                failoverMillis.add(failover);
                System.out.println(transport + ": kill " + round + " of " + KILLS + ": leader n" + (leader + 1) + " killed after " + ackedBeforeKill
                        + " acknowledged writes; the first write started after the kill was acknowledged " + failover + " ms after it");
                killedAt.set(Long.MAX_VALUE);
                // the killed member restarts over its data and rejoins while the writers go on
                nodes[leader] = NodeProcess.start(dir, ports.get(leader).client, args(leader, ports, token, "--transport", transport));
                nodes[leader].awaitServing(Duration.ofSeconds(60));
            }
            Thread.sleep(1000);
            stop.set(true);
            for (Thread t : writers) t.join(30_000);
            System.out.println(transport + ": failover times over " + KILLS + " leader kills (ms): " + failoverMillis);

            for (NodeProcess n : nodes) {
                String body = n.post("/v3/kv/range", "{\"key\":\"" + b64("w-") + "\",\"range_end\":\"" + b64("w.") + "\",\"keys_only\":true}").body();
                List<String> missing = acked.stream().filter(k -> !body.contains("\"" + b64(k) + "\"")).toList();
                assertTrue(missing.isEmpty(), "member on port " + n.clientPort() + " lost acknowledged writes " + missing);
            }
            // every member applied the same history: equal keyspace hashes (each answered a linearizable read above)
            List<String> hashes = new ArrayList<>();
            for (NodeProcess n : nodes) {
                String body = n.post("/v3/maintenance/hash", "{}").body();
                hashes.add(body.replaceAll(".*\"hash\":(\\d+).*", "$1"));
            }
            assertEquals(1, hashes.stream().distinct().count(), "keyspace hashes differ between members: " + hashes);
            System.out.println(transport + ": " + acked.size() + " acknowledged writes present on all " + MEMBERS + " members, including the restarted one");
        } finally {
            for (NodeProcess n : nodes) if (n != null) n.close();
        }
        assertTrue(Files.isDirectory(dir.resolve("data-n1/member")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "websocket"})
    void aMemberBehindTheCompactedLogCatchesUpBySnapshot(String transport, @TempDir Path dir) throws Exception {
        List<Ports> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) ports.add(new Ports(NodeProcess.freePort(), NodeProcess.freePort()));
        String token = "snapshot-it-" + System.nanoTime();
        String[] compactOften = {"--snapshot-count", "20", "--snapshot-catchup-entries", "5", "--transport", transport};
        NodeProcess[] nodes = new NodeProcess[MEMBERS];
        try {
            for (int i = 0; i < MEMBERS; i++) nodes[i] = NodeProcess.start(dir, ports.get(i).client, args(i, ports, token, compactOften));
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));
            int down = nodes[2].leads() ? 0 : 2; // stop a follower
            nodes[down].kill();
            NodeProcess writer = nodes[down == 0 ? 1 : 0];
            for (int i = 0; i < 120; i++) {
                HttpResponse<String> r = writer.post("/v3/kv/put", "{\"key\":\"" + b64("s-" + i) + "\",\"value\":\"" + b64("v" + i) + "\"}");
                assertEquals(200, r.statusCode(), r.body());
            }
            nodes[down] = NodeProcess.start(dir, ports.get(down).client, args(down, ports, token, compactOften));
            nodes[down].awaitServing(Duration.ofSeconds(60));
            // a linearizable read on the restarted member waits until it has applied the leader's state
            String body = nodes[down].post("/v3/kv/range", "{\"key\":\"" + b64("s-") + "\",\"range_end\":\"" + b64("s.") + "\",\"count_only\":true}").body();
            assertTrue(body.contains("\"count\":\"120\""), body);
            assertTrue(nodes[down].output().contains("installed the leader's snapshot"), "caught up by snapshot, not only by log:\n" + nodes[down].output());
        } finally {
            for (NodeProcess n : nodes) if (n != null) n.close();
        }
    }

    @Test
    void moveLeaderHandsLeadershipToAFollower(@TempDir Path dir) throws Exception {
        List<Ports> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) ports.add(new Ports(NodeProcess.freePort(), NodeProcess.freePort()));
        String token = "move-leader-it-" + System.nanoTime();
        NodeProcess[] nodes = new NodeProcess[MEMBERS];
        try {
            for (int i = 0; i < MEMBERS; i++) nodes[i] = NodeProcess.start(dir, ports.get(i).client, args(i, ports, token));
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));
            int leader = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (leader < 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < MEMBERS; i++) if (nodes[i].leads()) leader = i;
                if (leader < 0) Thread.sleep(50);
            }
            assertTrue(leader >= 0, "a member leads");
            int target = (leader + 1) % MEMBERS;
            String targetStatus = nodes[target].post("/v3/maintenance/status", "{}").body();
            String targetId = targetStatus.replaceAll(".*\"member_id\":\"(\\d+)\".*", "$1");
            HttpResponse<String> moved = nodes[leader].post("/v3/maintenance/transfer-leadership", "{\"targetID\":\"" + targetId + "\"}");
            assertEquals(200, moved.statusCode(), moved.body());
            for (NodeProcess n : nodes) { // members learn of the new leader from its first messages, within moments
                String status = "";
                long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!status.contains("\"leader\":\"" + targetId + "\"") && System.nanoTime() < until) {
                    status = n.post("/v3/maintenance/status", "{}").body();
                    if (!status.contains("\"leader\":\"" + targetId + "\"")) Thread.sleep(20);
                }
                assertTrue(status.contains("\"leader\":\"" + targetId + "\""), "every member sees the new leader: " + status);
            }
            HttpResponse<String> fromFollower = nodes[leader].post("/v3/maintenance/transfer-leadership", "{\"targetID\":\"" + targetId + "\"}");
            assertEquals(412, fromFollower.statusCode(), "only the leader moves leadership: " + fromFollower.body());
            assertTrue(fromFollower.body().contains("etcdserver: not leader"), fromFollower.body());
        } finally {
            for (NodeProcess n : nodes) if (n != null) n.close();
        }
    }
}
