package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three members from the image whose peer traffic passes fault-injecting proxies ({@link PeerProxy}):
 * each member listens on its own port and advertises its proxy's. A delayed follower still serves
 * linearizable reads. An isolated (blackholed, or dropped) follower cannot
 * elect itself (pre-vote: its term stays) nor serve linearizable reads, while the majority keeps
 * writing; healed, it has every write. An isolated leader is replaced within about two election
 * timeouts and steps down (check-quorum); healed, the cluster has one leader.
 */
class PartitionIT {
    private static final int MEMBERS = 3;
    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(1000);
    private static final Pattern LEADER = Pattern.compile("\"leader\":\"(\\d+)\"");
    private static final Pattern TERM = Pattern.compile("\"raftTerm\":\"(\\d+)\"");
    private static final Pattern MEMBER = Pattern.compile("\"member_id\":\"(\\d+)\"");

    private record Ports(int client, int listen, int advertised) {}

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes());
    }

    private static List<String> args(int i, List<Ports> ports, String token, String transport) {
        StringBuilder cluster = new StringBuilder();
        for (int j = 0; j < ports.size(); j++) {
            if (j > 0) cluster.append(',');
            cluster.append("n").append(j + 1).append("=http://127.0.0.1:").append(ports.get(j).advertised);
        }
        Ports p = ports.get(i);
        return List.of("--name", "n" + (i + 1), "--data-dir", "data-n" + (i + 1),
                "--listen-client-urls", "http://127.0.0.1:" + p.client, "--advertise-client-urls", "http://127.0.0.1:" + p.client,
                "--listen-peer-urls", "http://127.0.0.1:" + p.listen, "--initial-advertise-peer-urls", "http://127.0.0.1:" + p.advertised,
                "--initial-cluster", cluster.toString(), "--initial-cluster-token", token, "--transport", transport,
                "--election-timeout", Long.toString(ELECTION_TIMEOUT.toMillis()), "--heartbeat-interval", "100");
    }

    private static long field(NodeProcess n, Pattern p) throws Exception {
        String body = n.post("/v3/maintenance/status", "{}").body();
        Matcher m = p.matcher(body);
        return m.find() ? Long.parseUnsignedLong(m.group(1)) : 0;
    }

    private static boolean put(NodeProcess n, String key) throws Exception {
        return n.post("/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64("v") + "\"}").statusCode() == 200;
    }

    private static HttpResponse<String> read(NodeProcess n, String key, boolean serializable) throws Exception {
        return n.post("/v3/kv/range", "{\"key\":\"" + b64(key) + "\"" + (serializable ? ",\"serializable\":true" : "") + "}");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static long waitFor(String what, Duration limit, Check check) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (check.holds()) return (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(20);
        }
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "websocket"})
    void isolatedMembersNeitherDisruptNorServeStaleReadsAndRejoin(String transport, @TempDir Path dir) throws Exception {
        List<Ports> ports = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) ports.add(new Ports(NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()));
        String token = "partition-it-" + System.nanoTime();
        PeerProxy.Faults faults = new PeerProxy.Faults();
        List<PeerProxy> proxies = new ArrayList<>();
        NodeProcess[] nodes = new NodeProcess[MEMBERS];
        try {
            for (Ports p : ports) proxies.add(PeerProxy.start(p.advertised, p.listen, transport, faults));
            for (int i = 0; i < MEMBERS; i++) nodes[i] = NodeProcess.start(dir, ports.get(i).client, args(i, ports, token, transport));
            for (NodeProcess n : nodes) n.awaitServing(Duration.ofSeconds(60));
            long[] ids = new long[MEMBERS];
            for (int i = 0; i < MEMBERS; i++) ids[i] = field(nodes[i], MEMBER);
            waitFor("every member knows the leader", Duration.ofSeconds(20), () -> {
                long l = field(nodes[0], LEADER);
                return l != 0 && l == field(nodes[1], LEADER) && l == field(nodes[2], LEADER);
            });
            int leader = indexOf(ids, field(nodes[0], LEADER));
            assertTrue(put(nodes[leader], "before"));

            // 0. a slow follower (150 ms added to every chunk both ways) still serves linearizable reads
            int follower = (leader + 1) % MEMBERS;
            faults.delay(150);
            faults.set(ids[follower], PeerProxy.Mode.DELAY);
            assertTrue(put(nodes[leader], "slow"));
            HttpResponse<String> slowRead = read(nodes[follower], "slow", false);
            assertTrue(slowRead.body().contains(b64("slow")), "a delayed follower still answers linearizable reads: " + slowRead.body());
            faults.healAll();

            // 1. an isolated follower: no election (pre-vote), no linearizable read; the majority writes on.
            // tcp: blackholed (nothing arrives, nothing closes); websocket: dropped (every connection closed at once)
            long followerTerm = field(nodes[follower], TERM);
            long leaderTerm = field(nodes[leader], TERM);
            faults.set(ids[follower], transport.equals("tcp") ? PeerProxy.Mode.BLACKHOLE : PeerProxy.Mode.DROP);
            proxies.forEach(PeerProxy::refresh);
            for (int i = 0; i < 20; i++) assertTrue(put(nodes[leader], "during-" + i), "the majority accepts writes");
            HttpResponse<String> linearizable = read(nodes[follower], "during-0", false);
            assertNotEquals(200, linearizable.statusCode(), "an isolated follower must not answer a linearizable read: " + linearizable.body());
            assertTrue(linearizable.body().contains("etcdserver: "), linearizable.body());
            System.out.println(transport + ": linearizable read on the isolated follower: " + linearizable.statusCode() + " " + linearizable.body());
            HttpResponse<String> serializable = read(nodes[follower], "before", true);
            assertEquals(200, serializable.statusCode(), serializable.body());
            assertTrue(serializable.body().contains(b64("before")), "a serializable read answers from local state: " + serializable.body());
            assertEquals(followerTerm, field(nodes[follower], TERM), "pre-vote: the isolated follower's term must not grow");
            faults.healAll();
            proxies.forEach(PeerProxy::refresh);
            waitFor("the healed follower has every write", Duration.ofSeconds(20),
                    () -> read(nodes[follower], "during-19", false).body().contains(b64("during-19")));
            assertEquals(leaderTerm, field(nodes[leader], TERM), "the returning follower did not disrupt the leader");
            assertEquals(ids[leader], field(nodes[follower], LEADER));

            // 2. an isolated leader: the majority elects another within about two election timeouts; the old one steps down
            faults.set(ids[leader], PeerProxy.Mode.BLACKHOLE);
            proxies.forEach(PeerProxy::refresh);
            int a = (leader + 1) % MEMBERS;
            int b = (leader + 2) % MEMBERS;
            long elected = waitFor("the majority elects a new leader", Duration.ofSeconds(15), () -> {
                long la = field(nodes[a], LEADER);
                return la != 0 && la != ids[leader] && la == field(nodes[b], LEADER);
            });
            System.out.println(transport + ": after isolating the leader, the majority agreed on a new leader in " + elected + " ms (election timeout "
                    + ELECTION_TIMEOUT.toMillis() + " ms)");
            assertTrue(elected < 4 * ELECTION_TIMEOUT.toMillis(), "new leader after " + elected + " ms");
            long steppedDown = waitFor("the isolated leader steps down", Duration.ofSeconds(10), () -> field(nodes[leader], LEADER) != ids[leader]);
            System.out.println(transport + ": the isolated leader stepped down " + steppedDown + " ms after the majority had a new leader");
            int newLeader = indexOf(ids, field(nodes[a], LEADER));
            for (int i = 0; i < 10; i++) assertTrue(put(nodes[newLeader], "after-" + i), "the majority accepts writes");
            HttpResponse<String> stale = read(nodes[leader], "after-0", false);
            assertNotEquals(200, stale.statusCode(), "the old leader must not answer a linearizable read: " + stale.body());
            faults.healAll();
            proxies.forEach(PeerProxy::refresh);
            waitFor("one leader, known to all, and the old leader has every write", Duration.ofSeconds(20), () -> {
                long l = field(nodes[0], LEADER);
                return l != 0 && l == field(nodes[1], LEADER) && l == field(nodes[2], LEADER)
                        && read(nodes[leader], "after-9", false).body().contains(b64("after-9"));
            });
        } finally {
            for (NodeProcess n : nodes) if (n != null) n.close();
            proxies.forEach(PeerProxy::close);
        }
    }

    private static int indexOf(long[] ids, long id) {
        for (int i = 0; i < ids.length; i++) if (ids[i] == id) return i;
        throw new AssertionError("no member has id " + Long.toUnsignedString(id, 16));
    }
}
