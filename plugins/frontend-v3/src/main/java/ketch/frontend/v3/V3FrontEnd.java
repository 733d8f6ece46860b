package ketch.frontend.v3;

import io.vertx.ext.web.Route;
import java.util.ArrayList;
import java.util.List;
import ketch.api.spi.FrontEnd;
import ketch.api.spi.FrontEndContext;
import ketch.http.host.HttpHost;

/** The etcd v3 JSON gateway (KV), /version and /health, mounted on the node's shared HTTP host. */
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
        routes.addAll(new HealthAndVersion(context.kv()).mount(host.router()));
        routes.addAll(new KvGateway(context.kv(), context.limits(), host).mount(host.router()));
        host.start();
    }

    /** Unmounts the routes; the node closes the shared host itself. */
    @Override
    public synchronized void close() {
        routes.forEach(Route::remove);
        routes.clear();
    }
}
