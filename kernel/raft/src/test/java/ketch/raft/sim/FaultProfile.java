package ketch.raft.sim;

/**
 * How hostile a run is. Percentages are per opportunity: per message for the network, per
 * nemesis turn for the random faults (a turn injects at most one; the rest of 100 is a quiet
 * turn), per event for the targeted ones.
 *
 * @param name                   how {@code -Dketch.sim.faults} names it
 * @param baseDelayMillis        links get a minimum delay in [1, base]
 * @param delaySpreadMillis      and a maximum up to this much above it
 * @param dropPercent            messages lost
 * @param duplicatePercent       messages delivered twice
 * @param reorderPercent         messages held back by up to {@code reorderExtraMillis}
 * @param reorderExtraMillis     see above
 * @param maxFsyncMillis         a sync takes [0, max] ms
 * @param nemesisEveryMillis     mean time between fault-injector turns
 * @param crashPercent           a turn crashes a node
 * @param restartMaxMillis       a crashed node restarts after [1, max] ms
 * @param tornWritePercent       a crash keeps part of the unsynced writes, the last one cut short
 * @param partitionPercent       a turn splits the cluster (a random minority, or the leader alone)
 * @param oneWayPercent          a turn cuts one direction of one link
 * @param healPercent            a turn heals every link
 * @param clockJumpPercent       a turn gives a node a burst of ticks
 * @param transferPercent        a turn asks the leader to hand over leadership
 * @param membershipPercent      a turn removes or re-adds a voter (clusters above 3 voters)
 * @param crashAfterVotePercent  targeted: a node that just granted a vote crashes and restarts at once
 * @param crashNewLeaderPercent  targeted: a node that just became leader crashes before its fsync
 * @param isolateNewLeaderPercent targeted: a node that just became leader is cut off soon after
 * @param crashUnsyncedLeaderPercent targeted: a leader whose commit index advanced while its own
 *                               log is not yet durable crashes at once (thesis §10.2.1 territory)
 * @param figure8AttackPercent   a new leader starts the scripted {@link Figure8Attack}
 */
record FaultProfile(
        String name,
        long baseDelayMillis,
        long delaySpreadMillis,
        int dropPercent,
        int duplicatePercent,
        int reorderPercent,
        long reorderExtraMillis,
        long maxFsyncMillis,
        long nemesisEveryMillis,
        int crashPercent,
        long restartMaxMillis,
        int tornWritePercent,
        int partitionPercent,
        int oneWayPercent,
        int healPercent,
        int clockJumpPercent,
        int transferPercent,
        int membershipPercent,
        int crashAfterVotePercent,
        int crashNewLeaderPercent,
        int isolateNewLeaderPercent,
        int crashUnsyncedLeaderPercent,
        int figure8AttackPercent) {

    public FaultProfile {
        if (baseDelayMillis < 1 || delaySpreadMillis < 1 || nemesisEveryMillis < 1 || restartMaxMillis < 1) {
            throw new IllegalArgumentException("delays, nemesis period and restart time must be >= 1 ms");
        }
        for (int p : new int[] {dropPercent, duplicatePercent, reorderPercent, crashPercent, tornWritePercent, partitionPercent,
                oneWayPercent, healPercent, clockJumpPercent, transferPercent, membershipPercent, crashAfterVotePercent,
                crashNewLeaderPercent, isolateNewLeaderPercent, crashUnsyncedLeaderPercent, figure8AttackPercent}) {
            if (p < 0 || p > 100) throw new IllegalArgumentException("percentages must be in [0, 100], got " + p);
        }
    }

    /** The default mix: every fault now and then. */
    static FaultProfile standard() {
        return new FaultProfile("standard", 5, 15, 3, 3, 10, 60, 8, 300, 15, 1000, 30, 15, 5, 25, 10, 10, 10, 3, 3, 3, 2, 5);
    }

    /**
     * Overlapping elections on a slow network, and voters that crash and restart right after
     * granting a vote: what it takes for a lost vote to elect a second leader in one term.
     */
    static FaultProfile votingStorm() {
        return new FaultProfile("voting-storm", 15, 40, 3, 10, 20, 60, 8, 150, 10, 300, 0, 20, 5, 30, 25, 5, 0, 60, 0, 0, 0, 0);
    }

    /**
     * Raft Figure 8, over and over: the scripted {@link Figure8Attack} on every new leader, with
     * slow fsyncs and few other faults.
     */
    static FaultProfile figure8() {
        return new FaultProfile("figure8", 3, 10, 1, 1, 5, 20, 40, 150, 3, 300, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 100);
    }

    /** No faults at all: a healthy cluster. */
    static FaultProfile calm() {
        return new FaultProfile("calm", 2, 5, 0, 0, 0, 0, 2, 1_000_000_000L, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
