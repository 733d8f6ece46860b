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
import ketch.api.kv.AlarmRequest;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvException;
import ketch.api.kv.KvService;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;

/**
 * etcd's GET /version and GET /health. Health needs no raised alarm, a leader (the member's status
 * names one) and a serializable read of one key, all within {@link #HEALTH_TIMEOUT_MS}, as etcd's
 * health check gives its read one second. Ketch adds GET /livez (the process answers: 200 "ok")
 * and GET /readyz (the health check: 200 "ok" or 503 "not ok"), which etcd 3.4 lacks (404) and
 * 3.5 has.
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
                router.route("/health").handler(ctx -> exact(ctx, "/health", c -> check(c, HEALTHY, UNHEALTHY))),
                router.route("/readyz").handler(ctx -> exact(ctx, "/readyz", c -> check(c, READY, NOT_READY))),
                router.route("/livez").handler(ctx -> exact(ctx, "/livez", c -> READY.write(c.response()))));
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

    /** One answer of a check: status, content type, body. */
    private record Answer(int status, String body) {
        void write(HttpServerResponse response) {
            if (GatewayResponses.gone(response)) {
                return;
            }
            if (status == 200) {
                response.setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
            } else {
                GatewayResponses.plain(response, status, body); // etcd writes failures through http.Error
            }
        }
    }

    private static final Answer HEALTHY = new Answer(200, "{\"health\":\"true\"}");
    private static final Answer UNHEALTHY = new Answer(503, "{\"health\":\"false\"}");
    private static final Answer READY = new Answer(200, "ok");
    private static final Answer NOT_READY = new Answer(503, "not ok");

    private void check(RoutingContext ctx, Answer healthy, Answer unhealthy) {
        HttpServerResponse response = ctx.response();
        Context context = Vertx.currentContext();
        AtomicBoolean answered = new AtomicBoolean();
        long timer = ctx.vertx().setTimer(HEALTH_TIMEOUT_MS, id -> {
            if (answered.compareAndSet(false, true)) {
                LOG.fine("health probe timed out");
                unhealthy.write(response);
            }
        });
        CompletableFuture<RangeResponse> probe = cluster.alarm(AlarmRequest.get()).thenCompose(alarms -> {
            if (!alarms.alarms().isEmpty()) {
                throw new CompletionException(new IllegalStateException("alarm raised: " + alarms.alarms()));
            }
            return cluster.status();
        }).thenCompose(status -> {
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
                healthy.write(response);
            } else {
                LOG.log(Level.FINE, "health probe failed", failure);
                unhealthy.write(response);
            }
        }));
    }
}
