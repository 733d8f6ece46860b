package ketch.http.host;

/** A request body went past {@link HttpHost#maxBodyBytes()}; the front end shapes the answer. */
public final class BodyTooLargeException extends RuntimeException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body is larger than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    /** The limit that was passed, in bytes. */
    public long limit() {
        return limit;
    }
}
