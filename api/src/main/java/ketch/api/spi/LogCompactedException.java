package ketch.api.spi;

/** A read asked for log entries that were compacted away behind a snapshot. */
public final class LogCompactedException extends RuntimeException {
    private final long requested;
    private final long firstIndex;

    public LogCompactedException(long requested, long firstIndex) {
        super("log index " + requested + " is compacted; the log starts at " + firstIndex);
        this.requested = requested;
        this.firstIndex = firstIndex;
    }

    public long requested() {
        return requested;
    }

    public long firstIndex() {
        return firstIndex;
    }
}
