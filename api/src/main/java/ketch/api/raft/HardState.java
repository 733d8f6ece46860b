package ketch.api.raft;

/**
 * The Raft state that must be durable before any message depending on it leaves the node:
 * current term, the member voted for in it (0 = none; ids are unsigned 64-bit), and the highest index known committed.
 */
public record HardState(long term, long vote, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);

    public HardState {
        // vote is a member id: unsigned 64-bit, so any value (0 = none)
        if (term < 0 || commit < 0) {
            throw new IllegalArgumentException("hard state term and commit must be >= 0: " + term + "/" + commit);
        }
    }
}
