package ketch.http.host;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ketch.api.spi.FrontEndContext;

/**
 * The HTTP/1.1 server on the node's client URLs that every HTTP front end shares, as etcd serves
 * v2, v3, /health and /version on one port. Front ends mount routes on {@link #router()}; the host
 * answers everything no front end claims the way etcd's mux does. One per node.
 */
public final class HttpHost implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 30;

    private final List<URI> listenUrls;
    private final long maxRequestBytes;
    private final Vertx vertx;
    private final Router router;
    private final List<HttpServer> servers = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private HttpHost(List<URI> listenUrls, long maxRequestBytes) {
        this.listenUrls = List.copyOf(listenUrls);
        this.maxRequestBytes = maxRequestBytes;
        this.vertx = Vertx.vertx();
        this.router = Router.router(vertx);
        EtcdMuxBehaviour.install(router);
    }

    /** The node's one host, created on first use; the node closes it at shutdown. */
    public static HttpHost of(FrontEndContext ctx) {
        return ctx.shared(HttpHost.class, () -> new HttpHost(ctx.listenClientUrls(), ctx.limits().maxRequestBytes()));
    }

    /** Where front ends mount their routes. */
    public Router router() {
        return router;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The node's {@code max-request-bytes}: the size a decoded request may have. */
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    /**
     * The most body bytes {@link #body} accepts: twice {@link #maxRequestBytes()}, because a JSON body
     * carries bytes as base64 (4/3 of their size) plus field names, and etcd compares the decoded
     * request, not the body, with the limit.
     */
    public long maxBodyBytes() {
        return maxRequestBytes > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : maxRequestBytes * 2;
    }

    /**
     * Collects a request body, failing with {@link BodyTooLargeException} as soon as it is known to
     * exceed {@link #maxBodyBytes()}; bytes past the limit are never buffered. Call it from the
     * route handler before it returns, while the request has not been read yet.
     */
    public Future<Buffer> body(HttpServerRequest request) {
        long limit = maxBodyBytes();
        Promise<Buffer> promise = Promise.promise();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > limit) {
            promise.fail(new BodyTooLargeException(limit));
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return; // refused already: drain the rest without keeping it
            }
            if (body.length() + (long) chunk.length() > limit) {
                promise.tryFail(new BodyTooLargeException(limit));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        return promise.future();
    }

    /**
     * Binds an HTTP/1.1 server on every listen URL and returns once all are bound. Idempotent.
     *
     * @throws IllegalArgumentException if a URL is not {@code http://host:port}
     * @throws IllegalStateException naming the URL if a server cannot bind (e.g. the port is in use)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the HTTP host is closed");
        }
        if (started) {
            return;
        }
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("HttpHost.start() blocks; call it off the event loop");
        }
        List<ListenAddress> addresses = listenUrls.stream().map(ListenAddress::of).toList();
        if (addresses.isEmpty()) {
            throw new IllegalStateException("listen-client-urls is empty: nothing to serve HTTP on");
        }
        for (ListenAddress address : addresses) {
            // HTTP/1.1 only: on etcd's port cleartext HTTP/2 means gRPC, which is not served here yet
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(address.host()).setPort(address.port())
                    .setHttp2ClearTextEnabled(false)
                    .setHandle100ContinueAutomatically(true)) // as Go's server: curl waits a second otherwise
                    .requestHandler(router);
            try {
                servers.add(server.listen().toCompletionStage().toCompletableFuture()
                        .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                stopServers();
                Throwable cause = e.getCause();
                throw new IllegalStateException("cannot listen on " + address.url() + ": " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                stopServers();
                throw new IllegalStateException("cannot listen on " + address.url() + ": not bound after "
                        + START_TIMEOUT_SECONDS + " s", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopServers();
                throw new IllegalStateException("interrupted while binding " + address.url(), e);
            }
        }
        started = true;
    }

    /** The ports actually bound, in listen-URL order (differs from the URL for port 0). Empty before start. */
    public synchronized List<Integer> boundPorts() {
        return servers.stream().map(HttpServer::actualPort).toList();
    }

    /** Stops the servers and vert.x. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopServers();
        await(vertx.close());
    }

    private void stopServers() {
        for (HttpServer server : servers) {
            await(server.close());
        }
        servers.clear();
    }

    private static void await(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing is best effort: the node is going away either way
        }
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // vert.x rejects a malformed Content-Length itself
        }
    }
}
