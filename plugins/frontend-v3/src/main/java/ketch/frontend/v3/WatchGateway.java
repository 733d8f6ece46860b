package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import ketch.api.kv.WatchService;
import ketch.http.host.HttpHost;

/** etcd's Watch service over JSON: POST /v3/watch, a bidi stream ({@link WatchStreamCall}). */
final class WatchGateway {
    private final WatchService watch;
    private final HttpHost host;

    WatchGateway(WatchService watch, HttpHost host) {
        this.watch = watch;
        this.host = host;
    }

    /** The handlers by path below /v3/. */
    Map<String, Handler<RoutingContext>> endpoints() {
        return Map.of("watch", ctx -> new WatchStreamCall(ctx, host.maxBodyBytes(), watch).start());
    }
}
