package ketch.api.raft;

/** A place in the Raft log: an index and the term of the entry there (e.g. a compaction boundary). */
public record LogPosition(long index, long term) {
    public static final LogPosition ZERO = new LogPosition(0, 0);

    public LogPosition {
        if (index < 0 || term < 0) throw new IllegalArgumentException("log position index and term must be >= 0: " + index + "/" + term);
    }
}
