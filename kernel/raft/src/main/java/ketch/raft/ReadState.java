package ketch.raft;

import java.util.Objects;

/**
 * The outcome of {@code readIndex(requestId)}: with {@link Outcome#READY} the read is
 * linearizable once the state machine has applied {@code index}; otherwise it failed and the
 * caller should retry or report the reason ({@code index} is then 0).
 */
public record ReadState(long requestId, long index, Outcome outcome) {
    public enum Outcome {
        /** Leadership was confirmed; serve the read once applied >= index. */
        READY,
        /** No leader is known (election in progress); retry later. */
        NO_LEADER,
        /** The member asked lost (or never had) leadership before it could confirm the read. */
        NOT_LEADER,
        /** A forwarded request got no answer from the leader within two election timeouts. */
        TIMEOUT
    }

    public ReadState {
        Objects.requireNonNull(outcome, "outcome");
    }

    public static ReadState ready(long requestId, long index) {
        return new ReadState(requestId, index, Outcome.READY);
    }

    public static ReadState failed(long requestId, Outcome outcome) {
        return new ReadState(requestId, 0, outcome);
    }

    public boolean isReady() {
        return outcome == Outcome.READY;
    }
}
