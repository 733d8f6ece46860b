package ketch.frontend.v3;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvService;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.TxnRequest;
import ketch.http.host.HttpHost;

/**
 * The KV part of etcd's JSON gateway: POST /v3/kv/{range,put,deleterange,txn,compaction}. Decodes,
 * checks the request as etcd does before it reaches raft, and calls {@link KvService}.
 */
final class KvGateway {
    private enum Endpoint { RANGE, PUT, DELETE_RANGE, TXN, COMPACTION }

    private static final Map<String, Endpoint> PATHS = Map.of(
            "kv/range", Endpoint.RANGE,
            "kv/put", Endpoint.PUT,
            "kv/deleterange", Endpoint.DELETE_RANGE,
            "kv/txn", Endpoint.TXN,
            "kv/compaction", Endpoint.COMPACTION);

    private final KvService kv;
    private final Limits limits;
    private final HttpHost host;

    KvGateway(KvService kv, Limits limits, HttpHost host) {
        this.kv = kv;
        this.limits = limits;
        this.host = host;
    }

    /** The handlers by path below /v3/. */
    Map<String, Handler<RoutingContext>> endpoints() {
        Map<String, Handler<RoutingContext>> out = new LinkedHashMap<>();
        PATHS.forEach((path, endpoint) -> out.put(path,
                ctx -> UnaryCall.serve(ctx, host, endpoint.name(), body -> dispatch(endpoint, body))));
        return out;
    }

    /** Decodes, checks and calls the service; the future holds the encoded answer. */
    private CompletableFuture<byte[]> dispatch(Endpoint endpoint, byte[] body) {
        KvRequestDecoder decoder = new KvRequestDecoder();
        return switch (endpoint) {
            case RANGE -> {
                RangeRequest r = decoder.range(body);
                RequestSize.check(RequestSize.range(r), false, limits);
                KvRequestChecks.range(r);
                yield kv.range(r).thenApply(KvResponseEncoder::range);
            }
            case PUT -> {
                PutRequest r = decoder.put(body);
                RequestSize.check(RequestSize.put(r), false, limits);
                KvRequestChecks.put(r);
                RequestSize.check(RequestSize.put(r), true, limits);
                yield kv.put(r).thenApply(KvResponseEncoder::put);
            }
            case DELETE_RANGE -> {
                DeleteRangeRequest r = decoder.deleteRange(body);
                RequestSize.check(RequestSize.deleteRange(r), false, limits);
                KvRequestChecks.deleteRange(r);
                RequestSize.check(RequestSize.deleteRange(r), true, limits);
                yield kv.deleteRange(r).thenApply(KvResponseEncoder::deleteRange);
            }
            case TXN -> {
                TxnRequest r = decoder.txn(body);
                long size = RequestSize.txn(r);
                RequestSize.check(size, false, limits);
                KvRequestChecks.txn(r, limits.maxTxnOps());
                RequestSize.check(size, !RequestSize.isReadOnly(r) || decoder.emptyOps() > 0, limits);
                if (decoder.emptyOps() > 0) {
                    throw KvRequestChecks.emptyRequestOp();
                }
                yield kv.txn(r).thenApply(KvResponseEncoder::txn);
            }
            case COMPACTION -> {
                CompactionRequest r = decoder.compaction(body);
                RequestSize.check(RequestSize.compaction(r), true, limits);
                yield kv.compact(r).thenApply(KvResponseEncoder::compaction);
            }
        };
    }
}
