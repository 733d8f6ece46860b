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
import ketch.http.host.HttpHost;

/**
 * etcd's Cluster and Maintenance services over JSON, as far as the node serves them: member list,
 * add, remove, update and promote, status, hash, hashkv (etcd 3.5's path), alarms, snapshot,
 * defragment and leader transfer (MoveLeader).
 */
final class ClusterGateway {
    /** etcd's ErrGRPCMemberBadURLs, for a URL that does not even parse (the node checks the rest). */
    static final String BAD_URLS = "etcdserver: given member URLs are invalid";

    /** etcd 3.4's DefragmentResponse as its gateway shows it: the header is never filled in, so {@code {}}. */
    private static final byte[] DEFRAGMENTED = {'{', '}'};

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
        // etcd 3.4 serves Hash and HashKV on one path, so this is always Hash; 3.5 moved HashKV to its own
        out.put("maintenance/hash", unary("maintenance/hash", () -> cluster.hash().thenApply(ServiceResponseEncoder::hash)));
        out.put("maintenance/hashkv", ctx -> UnaryCall.serve(ctx, host, "maintenance/hashkv", body ->
                cluster.hashKv(new ServiceRequestDecoder().hashKvRevision(body)).thenApply(ServiceResponseEncoder::hashKv)));
        out.put("maintenance/alarm", ctx -> UnaryCall.serve(ctx, host, "maintenance/alarm", body ->
                AlarmRequests.check(new ServiceRequestDecoder().alarm(body))
                        .map(request -> cluster.alarm(request).thenApply(ServiceResponseEncoder::alarm))
                        .orElseGet(() -> CompletableFuture.completedFuture(NO_ALARMS))));
        out.put("maintenance/defragment", unary("maintenance/defragment",
                () -> cluster.defragment().thenApply(r -> DEFRAGMENTED)));
        out.put("maintenance/transfer-leadership", ctx -> UnaryCall.serve(ctx, host, "maintenance/transfer-leadership", body ->
                cluster.moveLeader(new ServiceRequestDecoder().moveLeaderTarget(body)).thenApply(ServiceResponseEncoder::moveLeader)));
        out.put("maintenance/snapshot", new SnapshotStream(cluster, host)::serve);
        return out;
    }

    /** etcd 3.4's AlarmResponse has no header: with no alarm it is empty. */
    private static final byte[] NO_ALARMS = {'{', '}'};

    /** A unary endpoint whose request has no field the node uses: checked as JSON, then the call. */
    private Handler<RoutingContext> unary(String name, Supplier<CompletableFuture<byte[]>> call) {
        return ctx -> UnaryCall.serve(ctx, host, name, body -> {
            new ServiceRequestDecoder().noFields(body);
            return call.get();
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
}
