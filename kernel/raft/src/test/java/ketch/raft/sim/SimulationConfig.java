package ketch.raft.sim;

import java.util.EnumSet;
import ketch.raft.PlantedBug;

/**
 * What one simulated run looks like.
 *
 * @param nodes       cluster size (all founding voters)
 * @param clients     concurrent clients
 * @param faults      the fault mix
 * @param bugs        planted defects switched on in every node's RaftConfig (empty normally)
 * @param faultMillis simulated time with clients and faults running
 * @param settleMillis simulated time after healing everything, before liveness is judged
 */
record SimulationConfig(int nodes, int clients, FaultProfile faults, EnumSet<PlantedBug> bugs, long faultMillis, long settleMillis) {

    SimulationConfig {
        if (nodes < 1) throw new IllegalArgumentException("a simulation needs at least one node, got " + nodes);
        if (clients < 0) throw new IllegalArgumentException("clients must be >= 0, got " + clients);
        if (faultMillis < 0 || settleMillis < 0) {
            throw new IllegalArgumentException("durations must be >= 0, got " + faultMillis + " and " + settleMillis);
        }
        bugs = bugs.isEmpty() ? EnumSet.noneOf(PlantedBug.class) : EnumSet.copyOf(bugs);
    }

    /** The standard run for {@code seed}: 3 or 5 nodes (by seed parity), the standard fault mix, no bugs. */
    static SimulationConfig standard(long seed) {
        return new SimulationConfig(seed % 2 == 0 ? 3 : 5, 4, FaultProfile.standard(), EnumSet.noneOf(PlantedBug.class), 4_000, 3_000);
    }

    SimulationConfig withBugs(EnumSet<PlantedBug> planted) {
        return new SimulationConfig(nodes, clients, faults, planted, faultMillis, settleMillis);
    }

    SimulationConfig withFaults(FaultProfile profile) {
        return new SimulationConfig(nodes, clients, profile, bugs, faultMillis, settleMillis);
    }

    SimulationConfig withFaultMillis(long millis) {
        return new SimulationConfig(nodes, clients, faults, bugs, millis, settleMillis);
    }

    SimulationConfig withNodes(int count) {
        return new SimulationConfig(count, clients, faults, bugs, faultMillis, settleMillis);
    }

    @Override
    public EnumSet<PlantedBug> bugs() {
        return bugs.isEmpty() ? EnumSet.noneOf(PlantedBug.class) : EnumSet.copyOf(bugs);
    }
}
