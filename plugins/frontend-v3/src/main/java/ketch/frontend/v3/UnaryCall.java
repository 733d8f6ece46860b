package ketch.frontend.v3;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;
import ketch.http.host.BodyTooLargeException;
import ketch.http.host.HttpHost;

/**
 * One unary gateway call: reads the whole body, lets the endpoint decode it and call the service,
 * and writes the encoded answer, or etcd's error, back on the request's vert.x context. The event
 * loop never waits.
 */
final class UnaryCall {
    private static final Logger LOG = Logger.getLogger(UnaryCall.class.getName());
    private static final String INTERNAL_MESSAGE = "etcdserver: internal error";

    /** Decodes a body, checks it and calls the service; the future holds the encoded answer. */
    @FunctionalInterface
    interface Endpoint {
        CompletableFuture<byte[]> call(byte[] body);
    }

    private UnaryCall() {}

    static void serve(RoutingContext ctx, HttpHost host, String name, Endpoint endpoint) {
        HttpServerResponse response = ctx.response();
        Context context = Vertx.currentContext();
        host.body(ctx.request()).onComplete(body -> {
            if (body.succeeded()) {
                call(response, context, name, endpoint, body.result());
            } else if (body.cause() instanceof BodyTooLargeException) {
                KvException tooLarge = KvException.requestTooLarge();
                GatewayResponses.serverError(response, tooLarge.code(), tooLarge.getMessage());
            } else {
                LOG.log(Level.FINE, "request body not read", body.cause());
                response.reset(); // the client went away or broke the request
            }
        });
    }

    private static void call(HttpServerResponse response, Context context, String name, Endpoint endpoint, Buffer body) {
        CompletableFuture<byte[]> answer;
        try {
            answer = endpoint.call(body.getBytes());
        } catch (BadJsonException e) {
            GatewayResponses.badRequest(response, e.getMessage());
            return;
        } catch (RuntimeException e) {
            fail(response, name, e);
            return;
        }
        answer.whenComplete((json, failure) -> context.runOnContext(ignored -> {
            if (failure == null) {
                GatewayResponses.ok(response, json);
            } else {
                fail(response, name, failure);
            }
        }));
    }

    /** A service's KvException in etcd's shape; anything else as a generic error, logged. */
    static void fail(HttpServerResponse response, String name, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof KvException e) {
            GatewayResponses.serverError(response, e.code(), e.getMessage());
            return;
        }
        LOG.log(Level.WARNING, "v3 " + name + " failed unexpectedly", cause);
        GatewayResponses.serverError(response, StatusCode.UNKNOWN, INTERNAL_MESSAGE);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
