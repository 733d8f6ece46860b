package ketch.raft;

/**
 * TEST-ONLY defects the simulator plants to prove its invariant checks catch them. Every switch is
 * off by default ({@link RaftConfig#defaults(long)}); a production config must never set one.
 */
public enum PlantedBug {
    /**
     * The leader commits any index a quorum holds, even when the entry there is from an earlier
     * term, ignoring the Figure 8 rule (Raft §5.4.2). Visible when the leader's own copy of its
     * term's first entry is not yet durable (its vote counts only after {@code persisted}) while
     * followers already hold the earlier entries: a later leader can then overwrite an entry that
     * was reported committed.
     */
    COMMIT_PREVIOUS_TERM_BY_COUNTING,
    /**
     * Vote responses go into {@link Ready#messages()} (sent at once) instead of
     * {@link Ready#messagesAfterPersist()}, and the vote is left out of the {@link Ready#hardState()}
     * (reported as 0), so a member that crashes and restarts can vote twice in one term (§5.2).
     */
    SKIP_VOTE_PERSISTENCE,
    /**
     * {@code readIndex} answers at once with the leader's commit index, without the heartbeat
     * round that confirms leadership (thesis §6.4), even on a deposed leader that has not noticed
     * yet: reads can be stale.
     */
    READ_WITHOUT_READ_INDEX
}
