package ketch.api.raft;

/** Leader to follower: leadership and commit ({@code min(match, commit)}); {@code readRound} is the ReadIndex round the leader wants acknowledged (0 = none). */
public record Heartbeat(long from, long to, long term, long commit, long readRound) implements Message {
    public Heartbeat {
        Message.checkIds(from, to, term);
        if (commit < 0) throw new IllegalArgumentException("commit must be >= 0, got " + commit);
        if (readRound < 0) throw new IllegalArgumentException("readRound must be >= 0, got " + readRound);
    }
}
