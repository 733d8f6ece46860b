package ketch.raft;

import java.util.Map;
import java.util.Objects;
import ketch.api.raft.ConfState;

/**
 * A snapshot of the core's state for monitoring and tests.
 *
 * @param progress per member (leader only, empty otherwise), ordered by id
 */
public record Status(
        long id,
        long term,
        long vote,
        Role role,
        long leaderId,
        long commit,
        long applied,
        long lastIndex,
        ConfState conf,
        long leadTransferee,
        Map<Long, FollowerProgress> progress) {

    /** How far the leader believes a member's log is replicated. */
    public record FollowerProgress(long match, long next, String state, boolean recentActive, int inflight) {}

    public Status {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(conf, "conf");
        progress = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(progress));
    }
}
