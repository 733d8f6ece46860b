package ketch.frontend.v3;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import ketch.api.kv.StatusCode;

/** How etcd's gateway answers: the headers of a success, of a decoding error and of a server error. */
final class GatewayResponses {
    static final String JSON = "application/json";

    private GatewayResponses() {}

    /** 200 with the message; grpc-gateway forwards the gRPC content type as metadata. */
    static void ok(HttpServerResponse response, byte[] body) {
        if (gone(response)) {
            return;
        }
        response.setStatusCode(200)
                .putHeader("Content-Type", JSON)
                .putHeader("Grpc-Metadata-Content-Type", "application/grpc")
                .end(Buffer.buffer(body));
    }

    /** A body the gateway could not decode: never reached the server, so no gRPC trailer. */
    static void badRequest(HttpServerResponse response, String message) {
        if (gone(response)) {
            return;
        }
        response.setStatusCode(400)
                .putHeader("Content-Type", JSON)
                .end(Buffer.buffer(KvResponseEncoder.error(message, StatusCode.INVALID_ARGUMENT.number())));
    }

    /** An error status from the server: chunked, with the gRPC content type as an HTTP trailer. */
    static void serverError(HttpServerResponse response, StatusCode code, String message) {
        if (gone(response)) {
            return;
        }
        response.setStatusCode(httpStatus(code))
                .setChunked(true)
                .putHeader("Content-Type", JSON)
                .putHeader("Trailer", "Grpc-Trailer-Content-Type")
                .putTrailer("Grpc-Trailer-Content-Type", "application/grpc")
                .end(Buffer.buffer(KvResponseEncoder.error(message, code.number())));
    }

    /** grpc-gateway v1's mapping of gRPC codes to HTTP statuses (etcd 3.4). */
    static int httpStatus(StatusCode code) {
        return switch (code) {
            case OK -> 200;
            case CANCELLED -> 408;
            case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
            case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
            case DEADLINE_EXCEEDED -> 504;
            case NOT_FOUND -> 404;
            case ALREADY_EXISTS, ABORTED -> 409;
            case PERMISSION_DENIED -> 403;
            case RESOURCE_EXHAUSTED -> 429;
            case FAILED_PRECONDITION -> 412;
            case UNIMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case UNAUTHENTICATED -> 401;
        };
    }

    /** Go's {@code http.Error}: plain text with a newline. */
    static void plain(HttpServerResponse response, int status, String text) {
        if (gone(response)) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(text + "\n");
    }

    private static boolean gone(HttpServerResponse response) {
        return response.ended() || response.closed();
    }
}
