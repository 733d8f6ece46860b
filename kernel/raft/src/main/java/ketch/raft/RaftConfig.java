package ketch.raft;

import java.util.EnumSet;
import java.util.Objects;

/**
 * The settings of one Raft member. Times are in ticks; sizes in bytes as measured by
 * {@link ketch.api.raft.Entry#sizeBytes()}.
 *
 * @param id this member's id, > 0
 * @param electionTicks ticks without hearing from a leader before a follower campaigns (the
 *     actual timeout is randomized in [electionTicks, 2 * electionTicks)); also the check-quorum
 *     period and the leader-transfer deadline
 * @param heartbeatTicks ticks between leader heartbeats; less than electionTicks
 * @param preVote run a pre-vote round before a real election (thesis §9.6)
 * @param checkQuorum a leader steps down when it has not heard from a quorum for electionTicks,
 *     and followers ignore vote requests while they have a live leader (leader lease)
 * @param maxInflightMsgs append messages in flight per follower in replicate state
 * @param maxInflightBytes bytes of entries in flight per follower in replicate state
 * @param maxSizePerMsg entry bytes per append message (at least one entry is always sent), also
 *     the snapshot chunk size and the size bound of committed entries per Ready
 * @param maxUncommittedBytes bytes of proposed but uncommitted entries a leader accepts; 0 = unbounded
 * @param plantedBugs TEST-ONLY defects, empty in production
 */
public record RaftConfig(
        long id,
        int electionTicks,
        int heartbeatTicks,
        boolean preVote,
        boolean checkQuorum,
        int maxInflightMsgs,
        long maxInflightBytes,
        long maxSizePerMsg,
        long maxUncommittedBytes,
        EnumSet<PlantedBug> plantedBugs) {

    public RaftConfig {
        if (id == 0) throw new IllegalArgumentException("raft id must not be 0 (ids are unsigned 64-bit, any other value is valid)");
        if (heartbeatTicks < 1) throw new IllegalArgumentException("heartbeatTicks must be >= 1, got " + heartbeatTicks);
        if (electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException(
                    "electionTicks must be greater than heartbeatTicks (" + heartbeatTicks + "), got " + electionTicks);
        }
        if (maxInflightMsgs < 1) throw new IllegalArgumentException("maxInflightMsgs must be >= 1, got " + maxInflightMsgs);
        if (maxInflightBytes < 1) throw new IllegalArgumentException("maxInflightBytes must be >= 1, got " + maxInflightBytes);
        if (maxSizePerMsg < 1) throw new IllegalArgumentException("maxSizePerMsg must be >= 1, got " + maxSizePerMsg);
        if (maxSizePerMsg > Integer.MAX_VALUE - 1024) {
            throw new IllegalArgumentException("maxSizePerMsg must be < 2 GiB, got " + maxSizePerMsg);
        }
        if (maxUncommittedBytes < 0) {
            throw new IllegalArgumentException("maxUncommittedBytes must be >= 0 (0 = unbounded), got " + maxUncommittedBytes);
        }
        Objects.requireNonNull(plantedBugs, "plantedBugs");
        plantedBugs = EnumSet.copyOf(plantedBugs);
    }

    /** Election 10 ticks, heartbeat 1, pre-vote and check-quorum on, 256 msgs / 8 MiB in flight, 1 MiB per message. */
    public static RaftConfig defaults(long id) {
        return new RaftConfig(id, 10, 1, true, true, 256, 8L << 20, 1L << 20, 0, EnumSet.noneOf(PlantedBug.class));
    }

    /** A copy of the planted bugs (the record stays immutable). */
    @Override
    public EnumSet<PlantedBug> plantedBugs() {
        return EnumSet.copyOf(plantedBugs);
    }

    public boolean has(PlantedBug bug) {
        return plantedBugs.contains(bug);
    }

    public RaftConfig withId(long newId) {
        return new RaftConfig(newId, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightMsgs,
                maxInflightBytes, maxSizePerMsg, maxUncommittedBytes, plantedBugs);
    }

    public RaftConfig withTicks(int election, int heartbeat) {
        return new RaftConfig(id, election, heartbeat, preVote, checkQuorum, maxInflightMsgs, maxInflightBytes,
                maxSizePerMsg, maxUncommittedBytes, plantedBugs);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, on, checkQuorum, maxInflightMsgs, maxInflightBytes,
                maxSizePerMsg, maxUncommittedBytes, plantedBugs);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, on, maxInflightMsgs, maxInflightBytes,
                maxSizePerMsg, maxUncommittedBytes, plantedBugs);
    }

    public RaftConfig withFlowControl(int inflightMsgs, long inflightBytes, long sizePerMsg) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, checkQuorum, inflightMsgs, inflightBytes,
                sizePerMsg, maxUncommittedBytes, plantedBugs);
    }

    public RaftConfig withMaxUncommittedBytes(long bytes) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightMsgs,
                maxInflightBytes, maxSizePerMsg, bytes, plantedBugs);
    }

    public RaftConfig withPlantedBugs(EnumSet<PlantedBug> bugs) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, preVote, checkQuorum, maxInflightMsgs,
                maxInflightBytes, maxSizePerMsg, maxUncommittedBytes, bugs);
    }
}
