package ketch.frontend.v3;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.KvService;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;
import ketch.http.host.BodyTooLargeException;
import ketch.http.host.HttpHost;

/**
 * The KV part of etcd's JSON gateway: POST /v3/kv/{range,put,deleterange,txn,compaction} and the
 * same under /v3beta. Reads the body, decodes, checks, calls {@link KvService} and writes the
 * answer back on the request's vert.x context; the event loop never waits.
 */
final class KvGateway {
    private static final Logger LOG = Logger.getLogger(KvGateway.class.getName());
    /** After any other front end's /v3/... routes, so this one only answers what nobody claims. */
    private static final int CATCH_ALL_ORDER = Integer.MAX_VALUE - 100;
    private static final String INTERNAL_MESSAGE = "etcdserver: internal error";

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
        Endpoint endpoint = PATHS.get(path.substring(prefix.length()));
        if (endpoint == null) {
            GatewayResponses.plain(response, 404, "Not Found");
            return;
        }
        if (ctx.request().method() != HttpMethod.POST) {
            GatewayResponses.plain(response, 405, "Method Not Allowed");
            return;
        }
        Context context = Vertx.currentContext();
        host.body(ctx.request()).onComplete(body -> {
            if (body.succeeded()) {
                call(ctx, context, endpoint, body.result());
            } else if (body.cause() instanceof BodyTooLargeException) {
                KvException tooLarge = KvException.requestTooLarge();
                GatewayResponses.serverError(response, tooLarge.code(), tooLarge.getMessage());
            } else {
                LOG.log(Level.FINE, "request body not read", body.cause());
                response.reset(); // the client went away or broke the request
            }
        });
    }

    private void call(RoutingContext ctx, Context context, Endpoint endpoint, Buffer body) {
        HttpServerResponse response = ctx.response();
        CompletableFuture<byte[]> answer;
        try {
            answer = dispatch(endpoint, body.getBytes());
        } catch (BadJsonException e) {
            GatewayResponses.badRequest(response, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(response, endpoint, e);
            return;
        }
        answer.whenComplete((json, failure) -> context.runOnContext(ignored -> {
            if (failure == null) {
                GatewayResponses.ok(response, json);
            } else {
                fail(response, endpoint, failure);
            }
        }));
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

    private static void fail(HttpServerResponse response, Endpoint endpoint, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KvException e) {
            GatewayResponses.serverError(response, e.code(), e.getMessage());
            return;
        }
        LOG.log(Level.WARNING, "v3 " + endpoint + " failed unexpectedly", cause);
        GatewayResponses.serverError(response, StatusCode.UNKNOWN, INTERNAL_MESSAGE);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
