package ketch.frontend.v3;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import ketch.api.kv.StatusCode;

/** How etcd's gateway answers: the headers of a success, of a decoding error and of a server error. */
final class GatewayResponses {
    static final String JSON = "application/json";
    // A success's headers as pre-encoded ASCII: no per-response validation and encoding of the strings.
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence JSON_VALUE = HttpHeaders.createOptimized(JSON);
    private static final CharSequence GRPC_METADATA = HttpHeaders.createOptimized("Grpc-Metadata-Content-Type");
    private static final CharSequence GRPC_VALUE = HttpHeaders.createOptimized("application/grpc");

    private GatewayResponses() {}

    /** 200 (a fresh response's status) with the message; grpc-gateway forwards the gRPC content type as metadata. */
    static void ok(HttpServerResponse response, byte[] body) {
        if (gone(response)) {
            return;
        }
        response.putHeader(CONTENT_TYPE, JSON_VALUE)
                .putHeader(GRPC_METADATA, GRPC_VALUE)
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

    /** A call the node does not serve (yet): etcd's error shape with code 12, HTTP 501. */
    static void unimplemented(HttpServerResponse response, String message) {
        serverError(response, StatusCode.UNIMPLEMENTED, message);
    }

    /**
     * A stream request whose first object could not be decoded: the gateway gives up before any
     * message, with code 2 (Unknown) and HTTP 500, and no gRPC trailer.
     */
    static void streamBadRequest(HttpServerResponse response, String message) {
        if (gone(response)) {
            return;
        }
        response.setStatusCode(500)
                .putHeader("Content-Type", JSON)
                .end(Buffer.buffer(KvResponseEncoder.error(message, StatusCode.UNKNOWN.number())));
    }

    /**
     * The headers of a stream's answer, sent with its first message: 200, chunked, JSON. The gRPC
     * metadata header only comes once a request reached the server: a stream whose body held no
     * request at all is answered without it.
     */
    static void startStream(HttpServerResponse response, boolean reachedServer) {
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", JSON);
        if (reachedServer) {
            response.putHeader("Grpc-Metadata-Content-Type", "application/grpc");
        }
    }

    /** A stream that failed before its first message: the error's status and grpc-gateway's stream error body. */
    static void streamFailure(HttpServerResponse response, StatusCode code, String message) {
        if (gone(response)) {
            return;
        }
        startStream(response, true);
        response.setStatusCode(httpStatus(code)).end(Buffer.buffer(ServiceResponseEncoder.streamError(code, message)));
    }

    /** Go's {@code http.StatusText} for the statuses the gateway answers with. */
    static String reasonPhrase(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Internal Server Error";
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

    static boolean gone(HttpServerResponse response) {
        return response.ended() || response.closed();
    }
}
