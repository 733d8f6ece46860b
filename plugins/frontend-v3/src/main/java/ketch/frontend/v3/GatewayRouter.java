package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * The gateway's part of etcd's mux: every POST /v3/{path} (and the /v3beta alias) goes to the
 * endpoint registered for {path}; an unknown path is a plain 404, another method a plain 405, and
 * the bare prefix redirects to the folder as Go's mux does.
 */
final class GatewayRouter {
    /** After any other front end's /v3/... routes, so this one only answers what nobody claims. */
    private static final int CATCH_ALL_ORDER = Integer.MAX_VALUE - 100;

    private final Map<String, Handler<RoutingContext>> endpoints;

    /** @param endpoints by path below the prefix, e.g. {@code kv/range} */
    GatewayRouter(Map<String, Handler<RoutingContext>> endpoints) {
        this.endpoints = Map.copyOf(endpoints);
    }

    List<Route> mount(Router router) {
        return List.of(
                router.route("/v3/*").order(CATCH_ALL_ORDER).handler(ctx -> handle(ctx, "/v3/")),
                router.route("/v3beta/*").order(CATCH_ALL_ORDER).handler(ctx -> handle(ctx, "/v3beta/")));
    }

    private void handle(RoutingContext ctx, String prefix) {
        String path = ctx.request().path();
        HttpServerResponse response = ctx.response();
        if (!path.startsWith(prefix)) {
            // Go's mux redirects the bare prefix to the folder
            response.setStatusCode(301).putHeader("Location", prefix).end();
            return;
        }
        Handler<RoutingContext> endpoint = endpoints.get(path.substring(prefix.length()));
        if (endpoint == null) {
            GatewayResponses.plain(response, 404, "Not Found");
            return;
        }
        if (ctx.request().method() != HttpMethod.POST) {
            GatewayResponses.plain(response, 405, "Method Not Allowed");
            return;
        }
        endpoint.handle(ctx);
    }
}
