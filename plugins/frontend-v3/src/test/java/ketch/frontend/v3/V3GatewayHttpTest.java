package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnResponse;
import ketch.http.host.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The gateway over real HTTP on a free loopback port, against a scripted KvService. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V3GatewayHttpTest {
    private static final ResponseHeader HEADER = new ResponseHeader(1, 2, 5, 3);
    private static final String H = "{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"5\",\"raft_term\":\"3\"}";
    /** Small limits so the size checks are cheap to reach. */
    private static final Limits LIMITS = new Limits(1024, 4, 1 << 20);

    private final ScriptedKv kv = new ScriptedKv();
    private final FakeWatch watch = new FakeWatch();
    private final ScriptedLease lease = new ScriptedLease();
    private final FixedCluster cluster = new FixedCluster();
    private final TestContext context = new TestContext(kv, watch, lease, cluster, LIMITS);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private V3FrontEnd frontEnd;
    private String base;

    @BeforeAll
    void start() {
        frontEnd = new V3FrontEnd(context);
        frontEnd.start();
        List<Integer> ports = HttpHost.of(context).boundPorts();
        assertEquals(1, ports.size());
        assertNotEquals(0, ports.get(0));
        base = "http://127.0.0.1:" + ports.get(0);
    }

    @AfterEach
    void everyScriptedAnswerWasUsed() {
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

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    private Object lastRequest() {
        List<Object> all = kv.requests();
        return all.get(all.size() - 1);
    }

    private static void assertCors(HttpResponse<?> response) {
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("POST, GET, OPTIONS, PUT, DELETE", response.headers().firstValue("Access-Control-Allow-Methods").orElse(""));
        assertEquals("accept, content-type, authorization",
                response.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String message, int code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"error\":\"" + message + "\",\"message\":\"" + message + "\",\"code\":" + code + "}", response.body());
    }

    @Test
    void putAnswersAsEtcd() throws Exception {
        kv.answer(new PutResponse(HEADER, Optional.empty()));
        HttpResponse<String> response = post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\"}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"header\":" + H + "}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("application/grpc", response.headers().firstValue("Grpc-Metadata-Content-Type").orElse(""));
        assertCors(response);
        assertEquals(PutRequest.of(Bytes.of("foo"), Bytes.of("bar")), lastRequest());
    }

    @Test
    void rangeUnderTheV3betaAlias() throws Exception {
        KeyValue foo = new KeyValue(Bytes.of("foo"), 2, 2, 1, Bytes.of("bar"), 0);
        kv.answer(new RangeResponse(HEADER, List.of(foo), false, 1));
        HttpResponse<String> response = post("/v3beta/kv/range", "{\"key\":\"Zm9v\",\"serializable\":true}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"header\":" + H + ",\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"2\","
                + "\"version\":\"1\",\"value\":\"YmFy\"}],\"count\":\"1\"}", response.body());
        assertEquals(RangeRequest.ofKey(Bytes.of("foo")).withSerializable(true), lastRequest());
    }

    @Test
    void txnDeleteRangeAndCompactionReachTheService() throws Exception {
        kv.answer(new TxnResponse(HEADER, true, List.of()));
        assertEquals("{\"header\":" + H + ",\"succeeded\":true}", post("/v3/kv/txn", "").body());
        kv.answer(new ketch.api.kv.DeleteRangeResponse(HEADER, 2, List.of()));
        assertEquals("{\"header\":" + H + ",\"deleted\":\"2\"}",
                post("/v3/kv/deleterange", "{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\"}").body());
        kv.answer(new CompactionResponse(HEADER));
        assertEquals("{\"header\":" + H + "}", post("/v3/kv/compaction", "{\"revision\":\"5\",\"physical\":true}").body());
        assertEquals(new CompactionRequest(5, true), lastRequest());
    }

    @Test
    void routingAnswersAsEtcdsMux() throws Exception {
        HttpResponse<String> get = send("GET", "/v3/kv/range", null);
        assertEquals(405, get.statusCode());
        assertEquals("Method Not Allowed\n", get.body());
        assertEquals("text/plain; charset=utf-8", get.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", get.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertCors(get);
        assertEquals(405, send("PUT", "/v3beta/kv/put", "{}").statusCode());

        HttpResponse<String> unknown = post("/v3/kv/nonexistent", "{}");
        assertEquals(404, unknown.statusCode());
        assertEquals("Not Found\n", unknown.body());
        assertEquals(404, post("/v3/kv/range/", "{}").statusCode());

        HttpResponse<String> elsewhere = send("GET", "/nothing", null);
        assertEquals(404, elsewhere.statusCode());
        assertEquals("404 page not found\n", elsewhere.body());
        assertCors(elsewhere);
        assertEquals("404 page not found\n", post("/v3alpha/kv/range", "{}").body());

        HttpResponse<String> bare = post("/v3", "{}");
        assertEquals(301, bare.statusCode());
        assertEquals("/v3/", bare.headers().firstValue("Location").orElse(""));

        HttpResponse<String> options = send("OPTIONS", "/v3/kv/range", null);
        assertEquals(200, options.statusCode());
        assertEquals("", options.body());
        assertCors(options);
    }

    @Test
    void undecodableBodiesNeverReachTheService() throws Exception {
        int before = kv.requests().size();
        HttpResponse<String> eof = post("/v3/kv/put", "{\"key\": \"Zm9v\", \"value\":");
        assertJsonError(eof, 400, "unexpected EOF", 3);
        assertFalse(eof.headers().firstValue("Trailer").isPresent()); // the gateway failed, not the server
        assertJsonError(post("/v3/kv/put", "{\"key\":\"not base64!!\",\"value\":\"YmFy\"}"), 400,
                "illegal base64 data at input byte 3", 3);
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\",\"prev_kv\":\"yes\"}"), 400,
                "json: cannot unmarshal string into Go value of type bool", 3);
        assertJsonError(post("/v3/kv/range", "{\"key\":\"Zm9v\",\"sort_order\":\"BOGUS\"}"), 400,
                "unknown value \\\"BOGUS\\\" for enum etcdserverpb.RangeRequest_SortOrder", 3);
        assertEquals(before, kv.requests().size());
    }

    @Test
    void keyGoChecksAnswerLikeTheServer() throws Exception {
        int before = kv.requests().size();
        HttpResponse<String> noKey = post("/v3/kv/range", "");
        assertJsonError(noKey, 400, "etcdserver: key is not provided", 3);
        assertEquals("Grpc-Trailer-Content-Type", noKey.headers().firstValue("Trailer").orElse(""));
        assertJsonError(post("/v3/kv/put", "{\"value\":\"YmFy\"}"), 400, "etcdserver: key is not provided", 3);
        assertJsonError(post("/v3/kv/deleterange", "{}"), 400, "etcdserver: key is not provided", 3);
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"ignore_lease\":true,\"lease\":\"5\"}"), 400,
                "etcdserver: lease is provided", 3);
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"ignore_value\":true}"), 400,
                "etcdserver: value is provided", 3);
        assertJsonError(post("/v3/kv/txn", "{\"success\":[" + "{\"request_range\":{\"key\":\"Zm9v\"}},".repeat(4)
                + "{\"request_range\":{\"key\":\"Zm9v\"}}]}"), 400, "etcdserver: too many operations in txn request", 3);
        assertJsonError(post("/v3/kv/txn", "{\"compare\":[{\"result\":0,\"target\":1,\"key\":\"Zm9v\",\"TargetUnion\":null}],"
                + "\"success\":[{\"Request\":{\"RequestPut\":{\"key\":\"Zm9v\"}}}]}"), 400, "etcdserver: key not found", 3);
        assertEquals(before, kv.requests().size());
    }

    @Test
    void requestSizeIsTheDecodedRequestNotTheBody() throws Exception {
        int before = kv.requests().size();
        String big = java.util.Base64.getEncoder().encodeToString(new byte[1100]); // 1100 bytes > 1024, body 1468
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"" + big + "\"}"), 400,
                "etcdserver: request is too large", 3);
        String huge = "{\"key\":\"Zm9v\",\"pad\":\"" + "x".repeat(3000) + "\"}"; // past the 2048-byte body cap
        assertJsonError(post("/v3/kv/put", huge), 400, "etcdserver: request is too large", 3);
        assertEquals(before, kv.requests().size());

        // a value whose base64 body is over the limit but whose bytes are not is accepted, as by etcd
        String fits = java.util.Base64.getEncoder().encodeToString(new byte[900]); // body ~1230 bytes
        kv.answer(new PutResponse(HEADER, Optional.empty()));
        assertEquals(200, post("/v3/kv/put", "{\"key\":\"Zm9v\",\"value\":\"" + fits + "\"}").statusCode());
    }

    @Test
    void serviceErrorsMapToEtcdsStatuses() throws Exception {
        kv.answer(KvException.compacted());
        assertJsonError(post("/v3/kv/range", "{\"key\":\"Zm9v\",\"revision\":\"3\"}"), 400,
                "etcdserver: mvcc: required revision has been compacted", 11);
        kv.answer(new KvException(StatusCode.NOT_FOUND, "etcdserver: requested lease not found"));
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\",\"lease\":\"12345\"}"), 404,
                "etcdserver: requested lease not found", 5);
        kv.answer(new KvException(StatusCode.FAILED_PRECONDITION, "etcdserver: lease already exists"));
        assertEquals(412, post("/v3/kv/put", "{\"key\":\"Zm9v\"}").statusCode());
        kv.answer(new KvException(StatusCode.RESOURCE_EXHAUSTED, "etcdserver: mvcc: database space exceeded"));
        assertEquals(429, post("/v3/kv/put", "{\"key\":\"Zm9v\"}").statusCode());
        kv.answer(new KvException(StatusCode.UNAVAILABLE, "etcdserver: request timed out"));
        assertJsonError(post("/v3/kv/range", "{\"key\":\"Zm9v\"}"), 503, "etcdserver: request timed out", 14);
        kv.answer(new java.util.concurrent.CompletionException(KvException.duplicateKey()));
        assertJsonError(post("/v3/kv/txn", "{}"), 400, "etcdserver: duplicate key given in txn request", 3);
    }

    @Test
    void unexpectedFailuresGiveAGenericError() throws Exception {
        kv.answer(new IllegalStateException("secret detail"));
        assertJsonError(post("/v3/kv/put", "{\"key\":\"Zm9v\"}"), 500, "etcdserver: internal error", 2);
        kv.answer(new ScriptedKv.Throws(new NullPointerException("thrown, not returned")));
        HttpResponse<String> thrown = post("/v3/kv/range", "{\"key\":\"Zm9v\"}");
        assertJsonError(thrown, 500, "etcdserver: internal error", 2);
        assertFalse(thrown.body().contains("thrown"));
    }

    @Test
    void versionAndHealth() throws Exception {
        HttpResponse<String> version = send("GET", "/version", null);
        assertEquals(200, version.statusCode());
        assertEquals("{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}", version.body());
        assertEquals("application/json", version.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> postVersion = post("/version", "{}");
        assertEquals(405, postVersion.statusCode());
        assertEquals("GET", postVersion.headers().firstValue("Allow").orElse(""));
        assertEquals(404, send("GET", "/version/", null).statusCode());

        kv.answer(new RangeResponse(HEADER, List.of(), false, 0));
        HttpResponse<String> healthy = send("GET", "/health", null);
        assertEquals(200, healthy.statusCode());
        assertEquals("{\"health\":\"true\"}", healthy.body());
        assertEquals(RangeRequest.ofKey(Bytes.of("health")).withSerializable(true), lastRequest());

        kv.answer(KvException.noLeader());
        HttpResponse<String> unhealthy = send("GET", "/health", null);
        assertEquals(503, unhealthy.statusCode());
        assertEquals("{\"health\":\"false\"}\n", unhealthy.body());
    }

    @Test
    void healthGivesUpAfterOneSecond() throws Exception {
        kv.answer(ScriptedKv.NEVER);
        long start = System.nanoTime();
        HttpResponse<String> response = send("GET", "/health", null);
        assertEquals(503, response.statusCode());
        assertTrue(System.nanoTime() - start >= HealthAndVersion.HEALTH_TIMEOUT_MS * 1_000_000 * 9 / 10);
    }
}
