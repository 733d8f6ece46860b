package ketch.http.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KvService;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import ketch.api.spi.FrontEndContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpHostTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        client.close();
    }

    /** The node's side: listen URLs and the per-node shared objects. No KV service is needed here. */
    private final class Node implements FrontEndContext, AutoCloseable {
        private final List<URI> urls;
        private final Map<Class<?>, AutoCloseable> shared = new HashMap<>();

        Node(String... urls) {
            this.urls = java.util.Arrays.stream(urls).map(URI::create).toList();
            toClose.add(this);
        }

        @Override
        public KvService kv() {
            return new KvService() {
                public CompletableFuture<RangeResponse> range(RangeRequest r) { throw new UnsupportedOperationException(); }
                public CompletableFuture<PutResponse> put(PutRequest r) { throw new UnsupportedOperationException(); }
                public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest r) { throw new UnsupportedOperationException(); }
                public CompletableFuture<TxnResponse> txn(TxnRequest r) { throw new UnsupportedOperationException(); }
                public CompletableFuture<CompactionResponse> compact(CompactionRequest r) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public ketch.api.kv.WatchService watch() {
            throw new AssertionError("the watch service is not used in this test");
        }

        @Override
        public ketch.api.kv.LeaseService lease() {
            throw new AssertionError("the lease service is not used in this test");
        }

        @Override
        public ketch.api.kv.ClusterService cluster() {
            throw new AssertionError("the cluster service is not used in this test");
        }

        @Override
        public List<URI> listenClientUrls() {
            return urls;
        }

        @Override
        public Limits limits() {
            return new Limits(100, 128, 1 << 20);
        }

        @Override
        public <T extends AutoCloseable> T shared(Class<T> kind, Supplier<T> factory) {
            return kind.cast(shared.computeIfAbsent(kind, k -> factory.get()));
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : shared.values()) {
                c.close();
            }
        }
    }

    private HttpResponse<String> send(String method, int port, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onePerNodeBoundOnAFreePort() throws Exception {
        Node node = new Node("http://127.0.0.1:0", "http://127.0.0.1:0");
        HttpHost host = HttpHost.of(node);
        assertSame(host, HttpHost.of(node));
        assertEquals(List.of(), host.boundPorts());
        host.start();
        List<Integer> ports = host.boundPorts();
        assertEquals(2, ports.size());
        assertNotEquals(0, ports.get(0));
        assertNotEquals(ports.get(0), ports.get(1));
        host.start(); // idempotent
        assertEquals(ports, host.boundPorts());

        HttpResponse<String> missing = send("GET", ports.get(1), "/nothing", HttpRequest.BodyPublishers.noBody());
        assertEquals(404, missing.statusCode());
        assertEquals("404 page not found\n", missing.body());
        assertEquals("text/plain; charset=utf-8", missing.headers().firstValue("Content-Type").orElse(""));
        assertEquals("*", missing.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> options = send("OPTIONS", ports.get(0), "/anything", HttpRequest.BodyPublishers.noBody());
        assertEquals(200, options.statusCode());
        assertEquals("POST, GET, OPTIONS, PUT, DELETE", options.headers().firstValue("Access-Control-Allow-Methods").orElse(""));

        host.close();
        assertThrows(ConnectException.class, () -> send("GET", ports.get(0), "/", HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void bodiesPastTheCapAreRefusedWhetherDeclaredOrStreamed() throws Exception {
        HttpHost host = HttpHost.of(new Node("http://127.0.0.1:0"));
        assertEquals(100, host.maxRequestBytes());
        assertEquals(200, host.maxBodyBytes());
        host.router().post("/echo").handler(ctx -> host.body(ctx.request()).onComplete(body -> {
            if (body.succeeded()) {
                ctx.response().end("got " + body.result().length());
            } else {
                ctx.response().setStatusCode(body.cause() instanceof BodyTooLargeException ? 413 : 500).end();
            }
        }));
        host.start();
        int port = host.boundPorts().get(0);
        assertEquals("got 200", send("POST", port, "/echo", HttpRequest.BodyPublishers.ofString("x".repeat(200))).body());
        assertEquals("got 0", send("POST", port, "/echo", HttpRequest.BodyPublishers.noBody()).body());
        assertEquals(413, send("POST", port, "/echo", HttpRequest.BodyPublishers.ofString("x".repeat(201))).statusCode());
        // no Content-Length: a chunked body is counted as it arrives
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[5000]));
        assertEquals(413, send("POST", port, "/echo", chunked).statusCode());
        // the connection is still usable afterwards
        assertEquals("got 3", send("POST", port, "/echo", HttpRequest.BodyPublishers.ofString("abc")).body());
    }

    @Test
    void aPortInUseIsNamedInTheError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + taken.getLocalPort();
            HttpHost host = HttpHost.of(new Node(url));
            IllegalStateException e = assertThrows(IllegalStateException.class, host::start);
            assertTrue(e.getMessage().startsWith("cannot listen on " + url + ": "), e.getMessage());
        }
    }

    @Test
    void urlsThatCannotBeServedAreRefusedClearly() {
        assertEquals("listen-client-urls: https://127.0.0.1:2379 uses https, which Ketch does not serve yet; use an http:// URL",
                assertThrows(IllegalArgumentException.class, () -> HttpHost.of(new Node("https://127.0.0.1:2379")).start())
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpHost.of(new Node("unix://socket:1")).start())
                .getMessage().contains("expected http://host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpHost.of(new Node("http://127.0.0.1")).start())
                .getMessage().contains("needs a host and a port"));
        assertTrue(assertThrows(IllegalStateException.class, () -> HttpHost.of(new Node()).start())
                .getMessage().contains("listen-client-urls is empty"));
    }
}
