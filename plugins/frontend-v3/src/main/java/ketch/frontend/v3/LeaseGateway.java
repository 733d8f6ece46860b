package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.LeaseService;
import ketch.http.host.HttpHost;

/**
 * etcd's Lease service over JSON: grant, revoke, time-to-live and leases (the last three also
 * under etcd's {@code kv/lease/} aliases), and the keep-alive stream ({@link KeepAliveStream}).
 */
final class LeaseGateway {
    private final LeaseService lease;
    private final HttpHost host;

    LeaseGateway(LeaseService lease, HttpHost host) {
        this.lease = lease;
        this.host = host;
    }

    /** The handlers by path below /v3/. */
    Map<String, Handler<RoutingContext>> endpoints() {
        Map<String, Handler<RoutingContext>> out = new LinkedHashMap<>();
        out.put("lease/grant", ctx -> UnaryCall.serve(ctx, host, "lease/grant", body -> {
            LeaseGrantRequest request = new ServiceRequestDecoder().leaseGrant(body);
            return lease.grant(request).thenApply(ServiceResponseEncoder::leaseGrant);
        }));
        Handler<RoutingContext> revoke = ctx -> UnaryCall.serve(ctx, host, "lease/revoke", body -> {
            long id = new ServiceRequestDecoder().leaseId(body);
            return lease.revoke(id).thenApply(ServiceResponseEncoder::leaseRevoke);
        });
        Handler<RoutingContext> timeToLive = ctx -> UnaryCall.serve(ctx, host, "lease/timetolive", body -> {
            ServiceRequests.TimeToLive request = new ServiceRequestDecoder().timeToLive(body);
            return lease.timeToLive(request.id(), request.keys()).thenApply(ServiceResponseEncoder::timeToLive);
        });
        Handler<RoutingContext> leases = ctx -> UnaryCall.serve(ctx, host, "lease/leases", body -> {
            new ServiceRequestDecoder().noFields(body);
            return lease.leases().thenApply(ServiceResponseEncoder::leases);
        });
        for (String prefix : new String[] {"lease/", "kv/lease/"}) {
            out.put(prefix + "revoke", revoke);
            out.put(prefix + "timetolive", timeToLive);
            out.put(prefix + "leases", leases);
        }
        out.put("lease/keepalive", ctx -> new KeepAliveStream(ctx, host.maxBodyBytes(), lease).start());
        return out;
    }
}
