package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmRequest;
import ketch.api.kv.AlarmType;
import ketch.api.kv.HashResponse;
import ketch.api.kv.SnapshotChunk;
import ketch.api.kv.KvException;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.LeaseLeasesResponse;
import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseTimeToLiveResponse;
import ketch.api.kv.Limits;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusResponse;
import ketch.http.host.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The unary lease, cluster and maintenance endpoints over real HTTP, against service doubles. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V3ServicesHttpTest {
    private static final ResponseHeader HEADER = FixedCluster.HEADER;
    private static final String H = "{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"5\",\"raft_term\":\"3\"}";

    private final ScriptedKv kv = new ScriptedKv();
    private final FakeWatch watch = new FakeWatch();
    private final ScriptedLease lease = new ScriptedLease();
    private final FixedCluster cluster = new FixedCluster();
    private final TestContext context = new TestContext(kv, watch, lease, cluster, Limits.DEFAULTS);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private V3FrontEnd frontEnd;
    private String base;

    @BeforeAll
    void start() {
        frontEnd = new V3FrontEnd(context);
        frontEnd.start();
        base = "http://127.0.0.1:" + HttpHost.of(context).boundPorts().get(0);
    }

    @AfterEach
    void everyScriptedAnswerWasUsed() {
        assertEquals(0, lease.unusedAnswers());
        assertEquals(0, kv.unusedAnswers());
    }

    @AfterAll
    void stop() throws Exception {
        frontEnd.close();
        context.close();
        kv.close();
        watch.close();
        lease.close();
        client.close();
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswer(int status, String body, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(body, response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    private static String error(String message, int code) {
        return "{\"error\":\"" + message + "\",\"message\":\"" + message + "\",\"code\":" + code + "}";
    }

    private String lastCall() {
        List<String> calls = lease.calls();
        return calls.get(calls.size() - 1);
    }

    @Test
    void leaseCalls() throws Exception {
        lease.answer(new LeaseGrantResponse(HEADER, 1234, 30));
        assertAnswer(200, "{\"header\":" + H + ",\"ID\":\"1234\",\"TTL\":\"30\"}", post("/v3/lease/grant", "{\"TTL\":30,\"ID\":\"1234\"}"));
        assertEquals("grant 30 1234", lastCall());

        lease.answer(KvException.leaseExists());
        assertAnswer(412, error("etcdserver: lease already exists", 9), post("/v3/lease/grant", "{\"TTL\":30,\"ID\":\"1234\"}"));
        lease.answer(KvException.leaseTtlTooLarge());
        assertAnswer(400, error("etcdserver: too large lease TTL", 11), post("/v3beta/lease/grant", "{\"TTL\":\"100000000000\"}"));

        lease.answer(new LeaseTimeToLiveResponse(HEADER, 1234, 29, 30, List.of(Bytes.of("leased"))));
        assertAnswer(200, "{\"header\":" + H + ",\"ID\":\"1234\",\"TTL\":\"29\",\"grantedTTL\":\"30\",\"keys\":[\"bGVhc2Vk\"]}",
                post("/v3/kv/lease/timetolive", "{\"ID\":\"1234\",\"keys\":true}"));
        assertEquals("timeToLive 1234 true", lastCall());
        lease.answer(new LeaseTimeToLiveResponse(HEADER, 999, -1, 0, List.of()));
        assertAnswer(200, "{\"header\":" + H + ",\"ID\":\"999\",\"TTL\":\"-1\"}", post("/v3/lease/timetolive", "{\"ID\":\"999\"}"));

        lease.answer(new LeaseLeasesResponse(HEADER, List.of(1234L)));
        assertAnswer(200, "{\"header\":" + H + ",\"leases\":[{\"ID\":\"1234\"}]}", post("/v3/lease/leases", "{}"));
        lease.answer(new LeaseLeasesResponse(HEADER, List.of()));
        assertAnswer(200, "{\"header\":" + H + "}", post("/v3/kv/lease/leases", ""));

        lease.answer(new LeaseRevokeResponse(HEADER));
        assertAnswer(200, "{\"header\":" + H + "}", post("/v3/lease/revoke", "{\"ID\":\"1234\"}"));
        assertEquals("revoke 1234", lastCall());
        lease.answer(KvException.leaseNotFound());
        assertAnswer(404, error("etcdserver: requested lease not found", 5), post("/v3/kv/lease/revoke", "{\"ID\":\"1234\"}"));

        int calls = lease.calls().size();
        assertAnswer(400, error("unexpected EOF", 3), post("/v3/lease/revoke", "{\"ID\":"));
        assertAnswer(400, error("json: cannot unmarshal string into Go value of type bool", 3),
                post("/v3/lease/timetolive", "{\"ID\":1,\"keys\":\"yes\"}"));
        assertEquals(calls, lease.calls().size());
    }

    @Test
    void clusterCalls() throws Exception {
        cluster.members(new MemberListResponse(new ResponseHeader(1, 2, 0, 3), List.of(new Member(2, "n1",
                List.of(URI.create("http://127.0.0.1:24380")), List.of(URI.create("http://127.0.0.1:24379")), false))));
        assertAnswer(200, "{\"header\":{\"cluster_id\":\"1\",\"member_id\":\"2\",\"raft_term\":\"3\"},\"members\":[{\"ID\":\"2\","
                + "\"name\":\"n1\",\"peerURLs\":[\"http://127.0.0.1:24380\"],\"clientURLs\":[\"http://127.0.0.1:24379\"]}]}",
                post("/v3/cluster/member/list", "{}"));
        String n1 = "{\"ID\":\"2\",\"name\":\"n1\",\"peerURLs\":[\"http://127.0.0.1:24380\"],\"clientURLs\":[\"http://127.0.0.1:24379\"]}";
        String header = "{\"cluster_id\":\"1\",\"member_id\":\"2\",\"raft_term\":\"3\"}";
        assertAnswer(200, "{\"header\":" + header + ",\"member\":{\"ID\":\"7\",\"peerURLs\":[\"http://127.0.0.1:24382\"],"
                + "\"isLearner\":true},\"members\":[" + n1 + "]}",
                post("/v3/cluster/member/add", "{\"peerURLs\":[\"http://127.0.0.1:24382\"],\"isLearner\":true}"));
        assertAnswer(200, "{\"header\":" + header + ",\"members\":[" + n1 + "]}", post("/v3/cluster/member/remove", "{\"ID\":\"9\"}"));
        assertAnswer(200, "{\"header\":" + header + ",\"members\":[" + n1 + "]}",
                post("/v3/cluster/member/update", "{\"ID\":9,\"peerURLs\":[\"http://127.0.0.1:3\",\"http://127.0.0.1:4\"]}"));
        assertAnswer(200, "{\"header\":" + header + ",\"members\":[" + n1 + "]}", post("/v3/cluster/member/promote", "{\"ID\":\"9\"}"));
        for (String change : List.of("remove", "update", "promote")) {
            HttpResponse<String> missing = post("/v3/cluster/member/" + change, "{\"ID\":\"1\",\"peerURLs\":[\"http://127.0.0.1:1\"]}");
            assertAnswer(404, error("etcdserver: member not found", 5), missing);
        }
        assertEquals(List.of("add [http://127.0.0.1:24382] true", "remove 9", "update 9 [http://127.0.0.1:3, http://127.0.0.1:4]",
                "promote 9", "remove 1", "update 1 [http://127.0.0.1:1]", "promote 1"), cluster.memberCalls());
        assertAnswer(400, error("etcdserver: given member URLs are invalid", 3), post("/v3/cluster/member/add", "{\"peerURLs\":[\"a b\"]}"));
        assertAnswer(400, error("unexpected EOF", 3), post("/v3/cluster/member/add", "{\"peerURLs\":"));
        assertAnswer(400, error("json: cannot unmarshal number into Go value of type string", 3),
                post("/v3/cluster/member/add", "{\"peerURLs\":[1]}"));
        assertEquals(7, cluster.memberCalls().size(), "bad requests reach no service");
    }

    @Test
    void maintenanceCalls() throws Exception {
        cluster.status(new StatusResponse(HEADER, "3.4.23", 24576, 2, 38, 3, 38, List.of(), 16384, false));
        assertAnswer(200, "{\"header\":" + H + ",\"version\":\"3.4.23\",\"dbSize\":\"24576\",\"leader\":\"2\",\"raftIndex\":\"38\","
                + "\"raftTerm\":\"3\",\"raftAppliedIndex\":\"38\",\"dbSizeInUse\":\"16384\"}", post("/v3/maintenance/status", "{}"));
        cluster.hash(new HashResponse(HEADER, 1578794894, 4));
        assertAnswer(200, "{\"header\":" + H + ",\"hash\":1578794894}", post("/v3/maintenance/hash", "{\"revision\":\"0\"}"));
        assertAnswer(200, "{\"header\":" + H + ",\"hash\":1578794894,\"compact_revision\":\"4\"}",
                post("/v3/maintenance/hashkv", "{\"revision\":\"5\"}")); // etcd 3.5's path and shape
        assertEquals(5, cluster.lastHashKvRevision());
        assertAnswer(400, error("etcdserver: mvcc: required revision has been compacted", 11),
                post("/v3/maintenance/hashkv", "{\"revision\":1}"));
        assertAnswer(200, "{}", post("/v3/maintenance/defragment", "{}")); // etcd 3.4's answer, captured
        assertEquals(1, cluster.defragments(), "the defragment reached the cluster service");
        assertAnswer(200, "{\"header\":" + H + "}", post("/v3/maintenance/transfer-leadership", "{\"targetID\":\"15596371155666589935\"}"));
        assertAnswer(412, error("etcdserver: bad leader transferee", 9), post("/v3/maintenance/transfer-leadership", "{\"targetID\":99}"));
        assertEquals(List.of(Long.parseUnsignedLong("15596371155666589935"), 99L), cluster.moveLeaderTargets(), "targetID is a uint64");
        assertAnswer(400, error("unexpected EOF", 3), post("/v3/maintenance/snapshot", "{"));
    }

    @Test
    void alarmCalls() throws Exception {
        cluster.alarms(List.of());
        assertAnswer(200, "{}", post("/v3/maintenance/alarm", "{}"));
        AlarmMember noSpace = new AlarmMember(Long.parseUnsignedLong("15596371155666589935"), AlarmType.NOSPACE);
        cluster.alarms(List.of(noSpace, new AlarmMember(7, AlarmType.NONE)));
        assertAnswer(200, "{\"alarms\":[{\"memberID\":\"15596371155666589935\",\"alarm\":\"NOSPACE\"},{\"memberID\":\"7\"}]}",
                post("/v3/maintenance/alarm", "{\"action\":\"ACTIVATE\",\"memberID\":\"15596371155666589935\",\"alarm\":\"NOSPACE\"}"));
        post("/v3/maintenance/alarm", "{\"action\":2,\"memberID\":5,\"alarm\":2}");
        post("/v3/maintenance/alarm", "{\"alarm\":\"CORRUPT\"}");
        assertEquals(List.of(new AlarmRequest(AlarmRequest.Action.ACTIVATE, noSpace.memberId(), AlarmType.NOSPACE),
                new AlarmRequest(AlarmRequest.Action.DEACTIVATE, 5, AlarmType.CORRUPT),
                new AlarmRequest(AlarmRequest.Action.GET, 0, AlarmType.CORRUPT)), cluster.alarmRequests().subList(1, 4));

        int calls = cluster.alarmRequests().size();
        assertAnswer(400, error("etcdserver: unknown alarm action 5, expected GET (0), ACTIVATE (1) or DEACTIVATE (2)", 3),
                post("/v3/maintenance/alarm", "{\"action\":5}"));
        assertAnswer(400, error("etcdserver: unknown alarm type 9, expected NONE (0), NOSPACE (1) or CORRUPT (2)", 3),
                post("/v3/maintenance/alarm", "{\"action\":\"ACTIVATE\",\"memberID\":\"1\",\"alarm\":9}"));
        assertAnswer(200, "{}", post("/v3/maintenance/alarm", "{\"alarm\":9}")); // a GET for a type no alarm has
        assertAnswer(400, error("unknown value \\\"FULL\\\" for enum etcdserverpb.AlarmType", 3),
                post("/v3/maintenance/alarm", "{\"alarm\":\"FULL\"}"));
        assertEquals(calls, cluster.alarmRequests().size(), "refused before the service");
        assertAnswer(400, error("bad alarm", 3), post("/v3/maintenance/alarm", "{\"action\":\"ACTIVATE\"}"));
        cluster.alarms(List.of());
    }

    @Test
    void snapshotStreamsEveryChunkAsAResultLine() throws Exception {
        cluster.snapshot(List.of(new SnapshotChunk(3, Bytes.of("abc")), new SnapshotChunk(0, Bytes.of("def")),
                new SnapshotChunk(0, Bytes.of("sha"))));
        HttpResponse<String> response = post("/v3/maintenance/snapshot", "{}");
        assertAnswer(200, "{\"result\":{\"remaining_bytes\":\"3\",\"blob\":\"YWJj\"}}\n{\"result\":{\"blob\":\"ZGVm\"}}\n"
                + "{\"result\":{\"blob\":\"c2hh\"}}\n", response);
        assertEquals("application/grpc", response.headers().firstValue("Grpc-Metadata-Content-Type").orElse(""));
    }

    @Test
    void healthIsFalseWhileAnAlarmIsRaised() throws Exception {
        kv.answer(new ketch.api.kv.RangeResponse(HEADER, List.of(), false, 0));
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        assertEquals("ok", ready.body());
        cluster.alarms(List.of(new AlarmMember(2, AlarmType.NOSPACE)));
        try {
            for (String path : List.of("/health", "/readyz")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(503, response.statusCode());
                assertEquals(path.equals("/health") ? "{\"health\":\"false\"}\n" : "not ok\n", response.body());
                assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            }
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(URI.create(base + "/livez")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
            assertEquals("ok", live.body());
        } finally {
            cluster.alarms(List.of());
        }
    }

    @Test
    void healthNeedsALeader() throws Exception {
        StatusResponse normal = new StatusResponse(HEADER, "3.4.23", 0, 2, 9, 3, 9, List.of(), 0, false);
        cluster.status(new StatusResponse(HEADER, "3.4.23", 0, 0, 9, 3, 9, List.of(), 0, false));
        int reads = kv.requests().size();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode());
            assertEquals("{\"health\":\"false\"}\n", response.body());
            assertEquals(reads, kv.requests().size()); // no leader: the read is not even tried
        } finally {
            cluster.status(normal);
        }
    }
}
