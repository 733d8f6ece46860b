package ketch.frontend.v3;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;

/**
 * One bidi stream over one HTTP request, as grpc-gateway serves it: the body holds concatenated
 * JSON requests, decoded as they arrive; the answer is a chunked 200 of {@code {"result":...}}
 * lines whose headers leave with the first message. A first request that cannot be decoded fails
 * the call (HTTP 500, code 2); a later one only ends the requests, as the gateway's send loop
 * stops there. Every method runs on the request's vert.x context.
 *
 * @param <T> the decoded request
 */
abstract class BidiStream<T> {
    private static final Logger LOG = Logger.getLogger(BidiStream.class.getName());

    protected final HttpServerRequest request;
    protected final HttpServerResponse response;
    protected final Context context;
    private final JsonValueSplitter splitter;
    private boolean decodedAny;
    private boolean requestsEnded;
    private boolean headerWritten;
    private boolean finished;

    BidiStream(RoutingContext ctx, long maxValueBytes) {
        this.request = ctx.request();
        this.response = ctx.response();
        this.context = Vertx.currentContext();
        this.splitter = new JsonValueSplitter(maxValueBytes); // one request object may use the whole body limit
    }

    /** Decodes one request; throws {@link BadJsonException}. */
    abstract T decode(byte[] json);

    abstract void onRequest(T decoded);

    /** No more requests will come (end of body, or one that could not be decoded). */
    abstract void onRequestsEnded();

    /** The call is over: the client went away, or the answer was ended or failed. Called once. */
    abstract void onFinished();

    /** Starts reading the body; call from the route handler before it returns. */
    final void start() {
        request.handler(chunk -> chunk(chunk.getBytes()));
        request.endHandler(ignored -> endOfBody());
        request.exceptionHandler(e -> {
            LOG.log(Level.FINE, "stream request broke", e);
            finish();
        });
        response.closeHandler(ignored -> finish());
    }

    private void chunk(byte[] bytes) {
        if (requestsEnded || finished) {
            return;
        }
        try {
            for (byte[] value : splitter.feed(bytes)) {
                handle(value);
                if (requestsEnded || finished) {
                    return;
                }
            }
        } catch (JsonValueSplitter.ValueTooLargeException e) {
            KvException tooLarge = KvException.requestTooLarge();
            if (!decodedAny) {
                failBeforeFirstMessage(tooLarge.code(), tooLarge.getMessage());
            } else {
                endRequests();
            }
        }
    }

    private void endOfBody() {
        if (requestsEnded || finished) {
            return;
        }
        splitter.finish().ifPresent(this::handle);
        endRequests();
    }

    private void handle(byte[] value) {
        if (requestsEnded || finished) {
            return;
        }
        T decoded;
        try {
            decoded = decode(value);
        } catch (BadJsonException e) {
            if (!decodedAny) {
                finished = true;
                GatewayResponses.streamBadRequest(response, e.getMessage());
                onFinished();
            } else {
                endRequests();
            }
            return;
        }
        decodedAny = true;
        onRequest(decoded);
    }

    private void endRequests() {
        if (!requestsEnded && !finished) {
            requestsEnded = true;
            onRequestsEnded();
        }
    }

    /** Writes one encoded message line, with the headers first if it is the first. */
    final void writeLine(byte[] line) {
        if (finished || GatewayResponses.gone(response)) {
            return;
        }
        if (!headerWritten) {
            GatewayResponses.startStream(response, decodedAny);
            headerWritten = true;
        }
        response.write(Buffer.buffer(line));
    }

    /** Ends the answer: an empty 200 when nothing was written, as the gateway's forwarder does. */
    final void end() {
        if (finished) {
            return;
        }
        if (!GatewayResponses.gone(response)) {
            if (!headerWritten) {
                GatewayResponses.startStream(response, decodedAny);
            }
            response.end();
        }
        finish();
    }

    /** The service failed the stream: its status if nothing was sent yet, else an error line; then the end. */
    final void fail(Throwable failure) {
        if (finished) {
            return;
        }
        Throwable cause = UnaryCall.unwrap(failure);
        StatusCode code = StatusCode.UNKNOWN;
        String message = "etcdserver: internal error";
        if (cause instanceof KvException e) {
            code = e.code();
            message = e.getMessage();
        } else {
            LOG.log(Level.WARNING, "stream failed unexpectedly", cause);
        }
        if (!GatewayResponses.gone(response)) {
            if (headerWritten) {
                response.end(Buffer.buffer(ServiceResponseEncoder.streamError(code, message)));
            } else {
                GatewayResponses.streamFailure(response, code, message);
            }
        }
        finish();
    }

    private void failBeforeFirstMessage(StatusCode code, String message) {
        finished = true;
        GatewayResponses.serverError(response, code, message);
        onFinished();
    }

    final boolean finished() {
        return finished;
    }

    private void finish() {
        if (!finished) {
            finished = true;
            onFinished();
        }
    }
}
