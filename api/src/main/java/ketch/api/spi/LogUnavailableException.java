package ketch.api.spi;

/** A read asked for log entries past the last index held. */
public final class LogUnavailableException extends RuntimeException {
    private final long requested;
    private final long lastIndex;

    public LogUnavailableException(long requested, long lastIndex) {
        super("log index " + requested + " is past the last index " + lastIndex);
        this.requested = requested;
        this.lastIndex = lastIndex;
    }

    public long requested() {
        return requested;
    }

    public long lastIndex() {
        return lastIndex;
    }
}
