package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ketch.api.spi.FrontEnd;
import ketch.api.spi.FrontEndContext;
import ketch.http.host.HttpHost;

/** The etcd v3 JSON gateway (KV, watch, lease, cluster, maintenance), /version and /health, mounted on the node's shared HTTP host. */
final class V3FrontEnd implements FrontEnd {
    private final FrontEndContext context;
    private final List<Route> routes = new ArrayList<>();

    V3FrontEnd(FrontEndContext context) {
        this.context = context;
    }

    @Override
    public synchronized void start() {
        if (!routes.isEmpty()) {
            return;
        }
        HttpHost host = HttpHost.of(context);
        routes.addAll(new HealthAndVersion(context.kv(), context.cluster()).mount(host.router()));
        Map<String, Handler<RoutingContext>> endpoints = new HashMap<>();
        endpoints.putAll(new KvGateway(context.kv(), context.limits(), host).endpoints());
        endpoints.putAll(new WatchGateway(context.watch(), host).endpoints());
        endpoints.putAll(new LeaseGateway(context.lease(), host).endpoints());
        endpoints.putAll(new ClusterGateway(context.cluster(), host).endpoints());
        routes.addAll(new GatewayRouter(endpoints).mount(host.router()));
        host.start();
    }

    /** Unmounts the routes; the node closes the shared host itself. */
    @Override
    public synchronized void close() {
        routes.forEach(Route::remove);
        routes.clear();
    }
}
