package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;
import ketch.http.host.BodyTooLargeException;
import ketch.http.host.HttpHost;

/**
 * etcd's Cluster and Maintenance services over JSON, as far as the node serves them: member list,
 * add, remove, update and promote, status, hash, leader transfer (MoveLeader) and the alarm list
 * (always empty). Alarm changes, defragment and snapshot answer code 12 (Unimplemented, HTTP 501)
 * rather than pretend.
 */
final class ClusterGateway {
    /** etcd's ErrGRPCMemberBadURLs, for a URL that does not even parse (the node checks the rest). */
    static final String BAD_URLS = "etcdserver: given member URLs are invalid";
    static final String ALARM_CHANGES = "etcdserver: alarms are not supported yet";
    static final String DEFRAGMENT = "etcdserver: defragment is not supported yet";
    static final String SNAPSHOT = "etcdserver: snapshot is not supported yet";
    /** etcd 3.4's AlarmResponse has no header: with no alarm it is empty. */
    private static final byte[] NO_ALARMS = {'{', '}'};

    private final ClusterService cluster;
    private final HttpHost host;

    ClusterGateway(ClusterService cluster, HttpHost host) {
        this.cluster = cluster;
        this.host = host;
    }

    /** The handlers by path below /v3/. */
    Map<String, Handler<RoutingContext>> endpoints() {
        Map<String, Handler<RoutingContext>> out = new LinkedHashMap<>();
        out.put("cluster/member/list", unary("cluster/member/list",
                () -> cluster.memberList().thenApply(ServiceResponseEncoder::memberList)));
        out.put("cluster/member/add", ctx -> UnaryCall.serve(ctx, host, "cluster/member/add", body -> {
            ServiceRequests.MemberAdd add = new ServiceRequestDecoder().memberAdd(body);
            return cluster.memberAdd(urls(add.peerUrls()), add.learner()).thenApply(ServiceResponseEncoder::memberAdd);
        }));
        out.put("cluster/member/remove", ctx -> UnaryCall.serve(ctx, host, "cluster/member/remove", body ->
                cluster.memberRemove(new ServiceRequestDecoder().memberId(body)).thenApply(ServiceResponseEncoder::memberList)));
        out.put("cluster/member/update", ctx -> UnaryCall.serve(ctx, host, "cluster/member/update", body -> {
            ServiceRequests.MemberUpdate update = new ServiceRequestDecoder().memberUpdate(body);
            return cluster.memberUpdate(update.id(), urls(update.peerUrls())).thenApply(ServiceResponseEncoder::memberList);
        }));
        out.put("cluster/member/promote", ctx -> UnaryCall.serve(ctx, host, "cluster/member/promote", body ->
                cluster.memberPromote(new ServiceRequestDecoder().memberId(body)).thenApply(ServiceResponseEncoder::memberList)));
        out.put("maintenance/status", unary("maintenance/status",
                () -> cluster.status().thenApply(ServiceResponseEncoder::status)));
        // etcd 3.4 serves Hash and HashKV on one path, so this is always Hash
        out.put("maintenance/hash", unary("maintenance/hash", () -> cluster.hash().thenApply(ServiceResponseEncoder::hash)));
        out.put("maintenance/alarm", ctx -> UnaryCall.serve(ctx, host, "maintenance/alarm", body ->
                switch (new ServiceRequestDecoder().alarmAction(body)) {
                    case GET -> CompletableFuture.completedFuture(NO_ALARMS);
                    case ACTIVATE, DEACTIVATE -> unimplemented(ALARM_CHANGES);
                }));
        out.put("maintenance/defragment", unary("maintenance/defragment", () -> unimplemented(DEFRAGMENT)));
        out.put("maintenance/transfer-leadership", ctx -> UnaryCall.serve(ctx, host, "maintenance/transfer-leadership", body ->
                cluster.moveLeader(new ServiceRequestDecoder().moveLeaderTarget(body)).thenApply(ServiceResponseEncoder::moveLeader)));
        out.put("maintenance/snapshot", this::snapshot);
        return out;
    }

    /** A unary endpoint whose request has no field the node uses: checked as JSON, then the call. */
    private Handler<RoutingContext> unary(String name, Supplier<CompletableFuture<byte[]>> call) {
        return ctx -> UnaryCall.serve(ctx, host, name, body -> {
            new ServiceRequestDecoder().noFields(body);
            return call.get();
        });
    }

    /** A server stream: the request is decoded first (400 if bad), then the stream fails before its first message. */
    private void snapshot(RoutingContext ctx) {
        host.body(ctx.request()).onComplete(body -> {
            if (body.failed()) {
                if (body.cause() instanceof BodyTooLargeException) {
                    KvException tooLarge = KvException.requestTooLarge();
                    GatewayResponses.serverError(ctx.response(), tooLarge.code(), tooLarge.getMessage());
                } else {
                    ctx.response().reset(); // the client went away or broke the request
                }
                return;
            }
            try {
                new ServiceRequestDecoder().noFields(body.result().getBytes());
            } catch (BadJsonException e) {
                GatewayResponses.badRequest(ctx.response(), e.getMessage());
                return;
            }
            GatewayResponses.streamFailure(ctx.response(), StatusCode.UNIMPLEMENTED, SNAPSHOT);
        });
    }

    /** The URLs as URIs; one that does not parse fails the request with etcd's invalid-URLs error. */
    private static java.util.List<java.net.URI> urls(java.util.List<String> raw) {
        java.util.List<java.net.URI> out = new java.util.ArrayList<>();
        for (String s : raw) {
            try {
                out.add(new java.net.URI(s));
            } catch (java.net.URISyntaxException e) {
                throw new KvException(StatusCode.INVALID_ARGUMENT, BAD_URLS);
            }
        }
        return out;
    }

    private static CompletableFuture<byte[]> unimplemented(String message) {
        return CompletableFuture.failedFuture(new KvException(StatusCode.UNIMPLEMENTED, message));
    }
}
