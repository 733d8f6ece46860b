package ketch.raft.sim;

/**
 * How hostile a run is. Percentages are per opportunity: per message for the network, per
 * nemesis turn for the faults.
 *
 * @param baseDelayMillis       links get a minimum delay in [1, base]
 * @param delaySpreadMillis     and a maximum up to this much above it
 * @param dropPercent           messages lost
 * @param duplicatePercent      messages delivered twice
 * @param reorderPercent        messages held back by up to {@code reorderExtraMillis}
 * @param maxFsyncMillis        a sync takes [0, max] ms
 * @param nemesisEveryMillis    mean time between fault-injector turns
 * @param crashPercent          a turn crashes a node (restart 50..1000 ms later)
 * @param tornWritePercent      a crash keeps part of the unsynced writes, the last one cut short
 * @param partitionPercent      a turn splits the cluster (a random minority, or the leader alone)
 * @param oneWayPercent         a turn cuts one direction of one link
 * @param healPercent           a turn heals every link
 * @param clockJumpPercent      a turn gives a node a burst of ticks
 * @param transferPercent       a turn asks the leader to hand over leadership
 * @param membershipPercent     a turn removes or re-adds a voter
 */
record FaultProfile(
        long baseDelayMillis,
        long delaySpreadMillis,
        int dropPercent,
        int duplicatePercent,
        int reorderPercent,
        long reorderExtraMillis,
        long maxFsyncMillis,
        long nemesisEveryMillis,
        int crashPercent,
        int tornWritePercent,
        int partitionPercent,
        int oneWayPercent,
        int healPercent,
        int clockJumpPercent,
        int transferPercent,
        int membershipPercent) {

    /** The default mix: every fault now and then. */
    static FaultProfile standard() {
        return new FaultProfile(5, 15, 3, 3, 10, 60, 8, 300, 15, 30, 15, 5, 25, 10, 10, 5);
    }

    /** No faults at all: a healthy cluster (for smoke tests). */
    static FaultProfile calm() {
        return new FaultProfile(2, 5, 0, 0, 0, 0, 2, 1_000_000_000L, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
