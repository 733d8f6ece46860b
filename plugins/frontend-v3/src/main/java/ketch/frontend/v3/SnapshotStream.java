package ketch.frontend.v3;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvException;
import ketch.api.kv.SnapshotChunk;
import ketch.api.kv.StatusCode;
import ketch.http.host.BodyTooLargeException;
import ketch.http.host.HttpHost;

/**
 * POST /v3/maintenance/snapshot: the request is decoded first (400 if bad), then the member's
 * state streams as {@code {"result":{"remaining_bytes":"N","blob":"..."}}} lines, the client's
 * pace setting ours; a failure before the first line answers with grpc-gateway's stream error.
 */
final class SnapshotStream {
    private final ClusterService cluster;
    private final HttpHost host;

    SnapshotStream(ClusterService cluster, HttpHost host) {
        this.cluster = cluster;
        this.host = host;
    }

    void serve(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Context context = Vertx.currentContext();
        host.body(ctx.request()).onComplete(body -> {
            if (body.failed()) {
                if (body.cause() instanceof BodyTooLargeException) {
                    KvException tooLarge = KvException.requestTooLarge();
                    GatewayResponses.serverError(response, tooLarge.code(), tooLarge.getMessage());
                } else {
                    response.reset(); // the client went away or broke the request
                }
                return;
            }
            try {
                new ServiceRequestDecoder().noFields(body.result().getBytes());
            } catch (BadJsonException e) {
                GatewayResponses.badRequest(response, e.getMessage());
                return;
            }
            cluster.snapshot().whenComplete((chunks, failure) -> context.runOnContext(ignored -> {
                if (failure != null) {
                    Throwable cause = UnaryCall.unwrap(failure);
                    if (cause instanceof KvException e) {
                        GatewayResponses.streamFailure(response, e.code(), e.getMessage());
                    } else {
                        GatewayResponses.streamFailure(response, StatusCode.UNKNOWN, "etcdserver: internal error");
                    }
                    return;
                }
                if (GatewayResponses.gone(response)) {
                    return;
                }
                GatewayResponses.startStream(response, true);
                send(response, chunks);
            }));
        });
    }

    /** Writes lines until the client falls behind, then continues when its queue drains. */
    private static void send(HttpServerResponse response, Iterator<SnapshotChunk> chunks) {
        while (chunks.hasNext()) {
            if (GatewayResponses.gone(response)) {
                return;
            }
            if (response.writeQueueFull()) {
                response.drainHandler(drained -> send(response, chunks));
                return;
            }
            response.write(Buffer.buffer(ServiceResponseEncoder.snapshotLine(chunks.next())));
        }
        response.end();
    }
}
