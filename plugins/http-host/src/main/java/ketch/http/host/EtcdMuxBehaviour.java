package ketch.http.host;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What etcd's HTTP mux does around every handler: CORS headers on every answer, 200 to any
 * OPTIONS, and plain-text 404 / 405 / 500 bodies.
 */
final class EtcdMuxBehaviour {
    private static final Logger LOG = Logger.getLogger(HttpHost.class.getName());
    private static final String TEXT = "text/plain; charset=utf-8";

    private EtcdMuxBehaviour() {}

    static void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(EtcdMuxBehaviour::cors);
        router.errorHandler(404, ctx -> plain(ctx, 404, "404 page not found\n"));
        router.errorHandler(405, ctx -> plain(ctx, 405, "Method Not Allowed\n"));
        router.errorHandler(500, ctx -> {
            LOG.log(Level.WARNING, "unhandled failure serving " + ctx.request().method() + " " + ctx.request().path(),
                    ctx.failure());
            plain(ctx, 500, "Internal Server Error\n");
        });
    }

    private static void cors(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader("Access-Control-Allow-Origin", "*");
        response.putHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS, PUT, DELETE");
        response.putHeader("Access-Control-Allow-Headers", "accept, content-type, authorization");
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            response.setStatusCode(200).end();
            return;
        }
        ctx.next();
    }

    /** A Go {@code http.Error}-shaped answer. */
    static void plain(RoutingContext ctx, int status, String body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(body);
    }
}
