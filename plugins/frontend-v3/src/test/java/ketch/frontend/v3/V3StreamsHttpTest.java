package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.Event;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.LeaseKeepAliveResponse;
import ketch.api.kv.Limits;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusCode;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.http.host.HttpHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** /v3/watch and /v3/lease/keepalive over real HTTP, with bodies sent chunk by chunk from a socket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class V3StreamsHttpTest {
    private static final ResponseHeader HEADER = new ResponseHeader(1, 2, 5, 3);
    private static final String H = "{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"5\",\"raft_term\":\"3\"}";

    private final ScriptedKv kv = new ScriptedKv();
    private final FakeWatch watch = new FakeWatch();
    private final ScriptedLease lease = new ScriptedLease();
    private final TestContext context = new TestContext(kv, watch, lease, new FixedCluster(), Limits.DEFAULTS);
    private V3FrontEnd frontEnd;
    private int port;

    @BeforeAll
    void start() {
        frontEnd = new V3FrontEnd(context);
        frontEnd.start();
        port = HttpHost.of(context).boundPorts().get(0);
    }

    @AfterEach
    void everyScriptedAnswerWasUsed() {
        assertEquals(0, lease.unusedAnswers());
        assertTrue(watch.noStreamOpened(), "a stream was opened that the test did not look at");
    }

    @AfterAll
    void stop() throws Exception {
        frontEnd.close();
        context.close();
        kv.close();
        watch.close();
        lease.close();
    }

    private static WatchResponse created(long watchId) {
        return new WatchResponse(HEADER, watchId, true, false, 0, "", false, List.of());
    }

    @Test
    void watchCreatesFromSeparateChunksEventsCancelAndDisconnect() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/watch")) {
            // the first request cut in the middle of a name, as a slow client may send it
            http.send("{\"create_req");
            http.send("uest\":{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"prev_kv\":true}}\n");
            FakeWatch.Stream stream = watch.nextStream();
            assertEquals("create " + new WatchCreateRequest(Bytes.of("foo"), Bytes.of("fop"), 0, false, false, false, true, 0,
                    false), stream.nextCall());

            stream.push(created(0));
            assertEquals(200, http.status());
            assertEquals("application/json", http.header("Content-Type"));
            assertEquals("chunked", http.header("Transfer-Encoding"));
            assertEquals("application/grpc", http.header("Grpc-Metadata-Content-Type"));
            assertEquals("{\"result\":{\"header\":" + H + ",\"created\":true}}", http.bodyLine());

            http.send("{\"create_request\":{\"key\":\"YmFy\",\"start_revision\":\"3\",\"watch_id\":7,\"filters\":[\"NODELETE\"]}}");
            assertEquals("create " + new WatchCreateRequest(Bytes.of("bar"), Bytes.EMPTY, 3, false, false, true, false, 7,
                    false), stream.nextCall());
            stream.push(created(7));
            assertEquals("{\"result\":{\"header\":" + H + ",\"watch_id\":\"7\",\"created\":true}}", http.bodyLine());

            KeyValue put = new KeyValue(Bytes.of("foo"), 10, 15, 3, Bytes.of("w1"), 0);
            KeyValue before = new KeyValue(Bytes.of("foo"), 10, 11, 2, Bytes.of("bar"), 0);
            KeyValue deleted = new KeyValue(Bytes.of("foo5"), 0, 17, 0, Bytes.EMPTY, 0);
            stream.push(new WatchResponse(HEADER, 0, false, false, 0, "", false, List.of(
                    new Event(Event.Type.PUT, put, Optional.of(before)), new Event(Event.Type.DELETE, deleted, Optional.empty()))));
            assertEquals("{\"result\":{\"header\":" + H + ",\"events\":[{\"kv\":{\"key\":\"Zm9v\",\"create_revision\":\"10\","
                    + "\"mod_revision\":\"15\",\"version\":\"3\",\"value\":\"dzE=\"},\"prev_kv\":{\"key\":\"Zm9v\","
                    + "\"create_revision\":\"10\",\"mod_revision\":\"11\",\"version\":\"2\",\"value\":\"YmFy\"}},"
                    + "{\"type\":\"DELETE\",\"kv\":{\"key\":\"Zm9vNQ==\",\"mod_revision\":\"17\"}}]}}", http.bodyLine());

            http.send("{\"cancel_request\":{\"watch_id\":\"0\"}} {\"progress_request\":{}}");
            assertEquals("cancel 0", stream.nextCall());
            assertEquals("progress", stream.nextCall());
            stream.push(new WatchResponse(HEADER, 0, false, true, 0, "", false, List.of()));
            assertEquals("{\"result\":{\"header\":" + H + ",\"canceled\":true}}", http.bodyLine());
            stream.push(new WatchResponse(HEADER, -1, false, false, 0, "", false, List.of()));
            assertEquals("{\"result\":{\"header\":" + H + ",\"watch_id\":\"-1\"}}", http.bodyLine());

            http.close(); // the client goes away: its watches must go too
            assertEquals("close", stream.nextCall());
        }
    }

    @Test
    void noHeadersBeforeTheFirstMessageAndTheAnswerOutlivesTheBody() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/watch")) {
            http.send("{\"create_request\":{\"key\":\"YQ==\"}} {}");
            FakeWatch.Stream stream = watch.nextStream();
            assertEquals("create " + WatchCreateRequest.ofKey(Bytes.of("a")), stream.nextCall());
            http.send("{\"progress_request\":{}}").endBody();
            assertEquals("progress", stream.nextCall());
            // both chunks were handled on the event loop and nothing was sent: etcd sends headers with the first message
            assertEquals(0, http.available());

            stream.push(created(0));
            assertEquals(200, http.status());
            assertEquals("{\"result\":{\"header\":" + H + ",\"created\":true}}", http.bodyLine());
            stream.push(created(1)); // the body has ended, the watch goes on
            assertEquals("{\"result\":{\"header\":" + H + ",\"watch_id\":\"1\",\"created\":true}}", http.bodyLine());
            assertTrue(stream.noMoreCalls());
        }
    }

    @Test
    void anUndecodableFirstRequestFailsTheCall() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/watch")) {
            http.send("{\"create_request\":").endBody();
            assertEquals(500, http.status());
            assertEquals("application/json", http.header("Content-Type"));
            assertEquals("{\"error\":\"unexpected EOF\",\"message\":\"unexpected EOF\",\"code\":2}", http.restOfBody());
            assertEquals("close", watch.nextStream().nextCall());
        }
    }

    @Test
    void anUndecodableLaterRequestOnlyEndsTheRequests() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/watch")) {
            http.send("{\"create_request\":{\"key\":\"YQ==\"}}{\"cancel_request\":5}{\"progress_request\":{}}");
            FakeWatch.Stream stream = watch.nextStream();
            assertEquals("create " + WatchCreateRequest.ofKey(Bytes.of("a")), stream.nextCall());
            stream.push(created(0));
            assertEquals(200, http.status());
            assertEquals("{\"result\":{\"header\":" + H + ",\"created\":true}}", http.bodyLine());
            // the gateway stopped reading at the bad request: the progress request after it never arrives
            http.send("{\"progress_request\":{}}");
            stream.push(created(1));
            assertEquals("{\"result\":{\"header\":" + H + ",\"watch_id\":\"1\",\"created\":true}}", http.bodyLine());
            assertTrue(stream.noMoreCalls());
        }
    }

    @Test
    void aFirstRequestLargerThanTheBodyLimitIsRefusedWithoutBufferingIt() throws Exception {
        long limit = HttpHost.of(context).maxBodyBytes();
        try (RawHttp http = new RawHttp(port, "/v3/watch")) {
            http.send("{\"create_request\":{\"key\":\"");
            String block = "A".repeat(64 * 1024);
            for (long sent = 0; sent <= limit; sent += block.length()) {
                http.send(block);
            }
            assertEquals(400, http.status());
            assertEquals("{\"error\":\"etcdserver: request is too large\",\"message\":\"etcdserver: request is too large\","
                    + "\"code\":3}", http.restOfBody());
            assertEquals("close", watch.nextStream().nextCall());
        }
    }

    @Test
    void aClientThatDoesNotReadPausesTheStreamUntilItCatchesUp() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/watch", 4096)) {
            http.send("{\"create_request\":{\"key\":\"YQ==\"}}");
            FakeWatch.Stream stream = watch.nextStream();
            assertEquals("create " + WatchCreateRequest.ofKey(Bytes.of("a")), stream.nextCall());
            KeyValue big = new KeyValue(Bytes.of("a"), 2, 2, 1, Bytes.wrap(new byte[64 * 1024]), 0);
            WatchResponse event = new WatchResponse(HEADER, 0, false, false, 0, "", false,
                    List.of(new Event(Event.Type.PUT, big, Optional.empty())));
            // 300 x 87 KiB lines: more than the client's 4 KiB window and the kernel's send buffer (4 MiB at most) hold
            int pushed = 300;
            for (int i = 0; i < pushed; i++) {
                stream.push(event);
            }
            assertEquals("pause", stream.nextCall());
            for (int i = 0; i < pushed; i++) {
                assertTrue(http.bodyLine().startsWith("{\"result\":{\"header\":" + H + ",\"events\":[{\"kv\":"));
            }
            assertEquals("resume", stream.nextCall());
            http.close();
            assertEquals("close", stream.nextCall());
        }
    }

    @Test
    void keepAliveAnswersEachIdInOrderAndEndsWithTheBody() throws Exception {
        lease.answer(new LeaseKeepAliveResponse(HEADER, 1234, 30)).answer(new LeaseKeepAliveResponse(HEADER, 777, 0));
        try (RawHttp http = new RawHttp(port, "/v3/lease/keepalive")) {
            http.send("{\"ID\":\"1234\"}");
            http.send(" {\"ID\":777}").endBody();
            assertEquals(200, http.status());
            assertEquals("application/grpc", http.header("Grpc-Metadata-Content-Type"));
            assertEquals("{\"result\":{\"header\":" + H + ",\"ID\":\"1234\",\"TTL\":\"30\"}}", http.bodyLine());
            // a lease that is gone: no TTL, as etcd
            assertEquals("{\"result\":{\"header\":" + H + ",\"ID\":\"777\"}}", http.bodyLine());
            assertEquals("", http.restOfBody());
        }
        assertEquals(List.of("keepAlive 1234", "keepAlive 777"), lease.calls().subList(lease.calls().size() - 2, lease.calls().size()));
    }

    @Test
    void keepAliveWithAnEmptyBodyIsAnEmptyAnswer() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/lease/keepalive")) {
            http.endBody();
            assertEquals(200, http.status());
            assertEquals("application/json", http.header("Content-Type"));
            assertEquals("chunked", http.header("Transfer-Encoding"));
            // no request reached the server, so the gateway had no gRPC metadata to forward (as etcd 3.4)
            assertEquals("", http.header("Grpc-Metadata-Content-Type"));
            assertEquals("", http.restOfBody());
        }
    }

    @Test
    void keepAliveErrors() throws Exception {
        try (RawHttp http = new RawHttp(port, "/v3/lease/keepalive")) {
            http.send("{\"ID\":").endBody();
            assertEquals(500, http.status());
            assertEquals("{\"error\":\"unexpected EOF\",\"message\":\"unexpected EOF\",\"code\":2}", http.restOfBody());
        }
        lease.answer(new KvException(StatusCode.UNAVAILABLE, "etcdserver: no leader"));
        try (RawHttp http = new RawHttp(port, "/v3/lease/keepalive")) {
            http.send("{\"ID\":5}").endBody();
            assertEquals(503, http.status());
            assertEquals("{\"error\":{\"grpc_code\":14,\"http_code\":503,\"message\":\"etcdserver: no leader\","
                    + "\"http_status\":\"Service Unavailable\"}}", http.restOfBody());
        }
    }
}
