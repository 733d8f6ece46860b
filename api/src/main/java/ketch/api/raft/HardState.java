package ketch.api.raft;

/**
 * The Raft state that must be durable before any message depending on it leaves the node:
 * current term, the vote cast in it (0 = none), and the highest index known committed.
 */
public record HardState(long term, long vote, long commit) {
    public static final HardState EMPTY = new HardState(0, 0, 0);

    public HardState {
        if (term < 0 || vote < 0 || commit < 0) {
            throw new IllegalArgumentException("hard state fields must be >= 0: " + term + "/" + vote + "/" + commit);
        }
    }
}
