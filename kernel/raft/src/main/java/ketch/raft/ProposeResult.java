package ketch.raft;

import java.util.Objects;

/** What happened to a proposal. Nothing is dropped silently: a proposal is appended, forwarded or refused. */
public sealed interface ProposeResult {
    /** The leader appended the proposal as entries {@code firstIndex..lastIndex} in {@code term}. */
    record Accepted(long term, long firstIndex, long lastIndex) implements ProposeResult {}

    /**
     * A follower forwarded the proposal to {@code leaderId}; the caller learns its index only when
     * the entry commits (match it by content, e.g. a request id inside the command).
     */
    record Forwarded(long leaderId) implements ProposeResult {}

    /** Refused; nothing was appended or sent. */
    record Refused(Reason reason) implements ProposeResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    enum Reason {
        /** No leader is known; retry after an election. */
        NO_LEADER,
        /** The leader is handing leadership over. */
        TRANSFERRING,
        /** The leader holds more uncommitted bytes than {@link RaftConfig#maxUncommittedBytes()}. */
        TOO_MANY_UNCOMMITTED,
        /** A configuration change is already in the log but not yet applied (one at a time). */
        CONF_CHANGE_PENDING,
        /** This member is not in the configuration. */
        NOT_MEMBER
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }
}
