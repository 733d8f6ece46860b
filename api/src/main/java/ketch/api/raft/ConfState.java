package ketch.api.raft;

import java.util.List;

/**
 * A cluster configuration: the voters, the learners, and during a joint change the outgoing
 * voters and the learners that join once it ends. Member ids are sorted ascending.
 */
public record ConfState(List<Long> voters, List<Long> learners, List<Long> votersOutgoing, List<Long> learnersNext) {
    public static final ConfState EMPTY = new ConfState(List.of(), List.of(), List.of(), List.of());

    public ConfState {
        voters = sortedCopy(voters);
        learners = sortedCopy(learners);
        votersOutgoing = sortedCopy(votersOutgoing);
        learnersNext = sortedCopy(learnersNext);
    }

    public static ConfState ofVoters(List<Long> voters) {
        return new ConfState(voters, List.of(), List.of(), List.of());
    }

    public boolean isJoint() {
        return !votersOutgoing.isEmpty();
    }

    private static List<Long> sortedCopy(List<Long> ids) {
        return ids.stream().sorted().distinct().toList();
    }
}
