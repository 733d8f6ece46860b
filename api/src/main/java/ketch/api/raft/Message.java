package ketch.api.raft;

/**
 * A message between Raft peers. The concrete message types are the records this interface
 * permits; {@link MessageCodec} is the one binary form every transport uses.
 */
public sealed interface Message
        permits AppendEntries,
                AppendResponse,
                RequestVote,
                VoteResponse,
                Heartbeat,
                HeartbeatResponse,
                InstallSnapshot,
                SnapshotResponse,
                TimeoutNow,
                Propose,
                ReadIndexRequest,
                ReadIndexResponse {
    /** The sending member. */
    long from();

    /** The receiving member. */
    long to();

    /** The sender's term (0 for messages that carry none). */
    long term();

    /**
     * Validates the fields every message has: member ids are non-zero (etcd member ids are arbitrary
     * 64-bit values, often negative as a Java long; 0 means "none"), terms non-negative.
     */
    static void checkIds(long from, long to, long term) {
        if (from == 0) throw new IllegalArgumentException("message sender id must be non-zero, got 0");
        if (to == 0) throw new IllegalArgumentException("message receiver id must be non-zero, got 0");
        if (term < 0) throw new IllegalArgumentException("message term must be >= 0, got " + term);
    }
}
