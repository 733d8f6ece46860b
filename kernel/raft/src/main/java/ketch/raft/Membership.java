package ketch.raft;

import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import ketch.api.raft.ConfState;

/**
 * The configuration in force (voters and learners) and the leader's {@link Progress} for every
 * member, ordered by id so iteration is deterministic.
 */
final class Membership {
    private final RaftConfig config;
    private final TreeSet<Long> voters = new TreeSet<>();
    private final TreeSet<Long> learners = new TreeSet<>();
    private final TreeMap<Long, Progress> progress = new TreeMap<>();

    Membership(RaftConfig config) {
        this.config = config;
    }

    /** Replaces the configuration (restart, snapshot install). */
    void reset(ConfState conf, long next) {
        voters.clear();
        learners.clear();
        progress.clear();
        voters.addAll(conf.voters());
        learners.addAll(conf.learners());
        learners.removeAll(voters);
        for (long v : voters) progress.put(v, newProgress(next, false));
        for (long l : learners) progress.put(l, newProgress(next, true));
    }

    /**
     * Applies one single-server change; false (and nothing changed) if it is a no-op or invalid,
     * e.g. removing the last voter.
     */
    boolean apply(ConfChange change, long next) {
        long member = change.memberId();
        switch (change.type()) {
            case ADD_VOTER -> {
                if (voters.contains(member)) return false;
                learners.remove(member);
                voters.add(member);
                progress.computeIfAbsent(member, m -> newProgress(next, false)).learner = false;
            }
            case ADD_LEARNER -> {
                if (learners.contains(member)) return false;
                if (voters.contains(member) && voters.size() == 1) return false;
                voters.remove(member);
                learners.add(member);
                progress.computeIfAbsent(member, m -> newProgress(next, true)).learner = true;
            }
            case REMOVE -> {
                if (!voters.contains(member) && !learners.contains(member)) return false;
                if (voters.contains(member) && voters.size() == 1) return false;
                voters.remove(member);
                learners.remove(member);
                progress.remove(member);
            }
        }
        return true;
    }

    /** Forgets replication state (new term): every member is probed from {@code next}. */
    void resetProgress(long next) {
        for (var e : progress.entrySet()) {
            Progress old = e.getValue();
            e.setValue(newProgress(next, old.learner));
        }
    }

    private Progress newProgress(long next, boolean learner) {
        return new Progress(next, config.maxInflightMsgs(), config.maxInflightBytes(), learner);
    }

    /** Check-quorum: a quorum of voters was heard from this period; resets the marks for the next one. */
    boolean quorumActive(long selfId) {
        int active = 0;
        for (long v : voters) {
            Progress pr = progress.get(v);
            if (v == selfId || (pr != null && pr.recentActive)) active++;
        }
        for (var e : progress.entrySet()) e.getValue().recentActive = e.getKey() == selfId;
        return active >= Majority.quorum(voters.size());
    }

    boolean isVoter(long id) {
        return voters.contains(id);
    }

    Set<Long> voters() {
        return voters;
    }

    Set<Long> ids() {
        return progress.keySet();
    }

    Progress progress(long id) {
        return progress.get(id);
    }

    void forEach(BiConsumer<Long, Progress> action) {
        progress.forEach(action);
    }

    ConfState confState() {
        return new ConfState(List.copyOf(voters), List.copyOf(learners), List.of(), List.of());
    }
}
