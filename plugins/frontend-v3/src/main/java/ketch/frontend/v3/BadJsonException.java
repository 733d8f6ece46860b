package ketch.frontend.v3;

/**
 * A request body the gateway cannot turn into a request, with the message Go's decoders give;
 * etcd answers these before the server sees the request: code 3, HTTP 400.
 */
final class BadJsonException extends RuntimeException {
    BadJsonException(String message) {
        super(message, null, false, false);
    }
}
