package ketch.frontend.v3;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.Bytes;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvException;
import ketch.api.kv.KvService;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;

/**
 * etcd's GET /version and GET /health. Health needs a leader (the member's status names one) and
 * a serializable read of one key, both within {@link #HEALTH_TIMEOUT_MS}, as etcd's health check
 * gives its read one second.
 */
final class HealthAndVersion {
    private static final Logger LOG = Logger.getLogger(HealthAndVersion.class.getName());
    static final String VERSION_JSON = "{\"etcdserver\":\"3.4.23\",\"etcdcluster\":\"3.4.0\"}";
    static final long HEALTH_TIMEOUT_MS = 1000;
    private static final RangeRequest PROBE = RangeRequest.ofKey(Bytes.of("health")).withSerializable(true);

    private final KvService kv;
    private final ClusterService cluster;

    HealthAndVersion(KvService kv, ClusterService cluster) {
        this.kv = kv;
        this.cluster = cluster;
    }

    List<Route> mount(Router router) {
        return List.of(
                router.route("/version").handler(ctx -> exact(ctx, "/version", this::version)),
                router.route("/health").handler(ctx -> exact(ctx, "/health", this::health)));
    }

    /** vert.x also matches a trailing slash; Go's mux does not. Only GET is served, as in etcd. */
    private static void exact(RoutingContext ctx, String path, java.util.function.Consumer<RoutingContext> handler) {
        if (!ctx.request().path().equals(path)) {
            ctx.next();
            return;
        }
        if (ctx.request().method() != HttpMethod.GET) {
            ctx.response().putHeader("Allow", "GET");
            GatewayResponses.plain(ctx.response(), 405, "Method Not Allowed");
            return;
        }
        handler.accept(ctx);
    }

    private void version(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", GatewayResponses.JSON).end(VERSION_JSON);
    }

    private void health(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        Context context = Vertx.currentContext();
        AtomicBoolean answered = new AtomicBoolean();
        long timer = ctx.vertx().setTimer(HEALTH_TIMEOUT_MS, id -> {
            if (answered.compareAndSet(false, true)) {
                LOG.fine("health probe timed out");
                unhealthy(response);
            }
        });
        CompletableFuture<RangeResponse> probe = cluster.status().thenCompose(status -> {
            if (status.leader() == 0) {
                throw new CompletionException(KvException.noLeader());
            }
            return kv.range(PROBE);
        });
        probe.whenComplete((ignored, failure) -> context.runOnContext(v -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            ctx.vertx().cancelTimer(timer);
            if (failure == null) {
                if (!response.closed()) {
                    response.setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8")
                            .end("{\"health\":\"true\"}");
                }
            } else {
                LOG.log(Level.FINE, "health probe failed", failure);
                unhealthy(response);
            }
        }));
    }

    private static void unhealthy(HttpServerResponse response) {
        GatewayResponses.plain(response, 503, "{\"health\":\"false\"}");
    }
}
