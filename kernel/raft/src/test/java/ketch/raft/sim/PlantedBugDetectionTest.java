package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongFunction;
import ketch.raft.PlantedBug;
import org.junit.jupiter.api.Test;

/**
 * Proves the simulator catches each defect RaftConfig can plant, within a bounded number of
 * seeds, and names the check that caught it. Without planted bugs the same seeds pass
 * (SimulationTest).
 */
class PlantedBugDetectionTest {
    private static final int MAX_SEEDS = 200;

    /** Runs seeds until one reports a violation; returns it, or fails after {@link #MAX_SEEDS}. */
    private static SimulationResult firstViolation(PlantedBug bug, LongFunction<SimulationConfig> config, Set<Violation.Check> expected) {
        for (long seed = 0; seed < MAX_SEEDS; seed++) {
            SimulationResult result = Simulation.run(seed, config.apply(seed).withBugs(EnumSet.of(bug)));
            if (!result.passed()) {
                Violation v = result.violation().orElseThrow();
                System.out.println("planted " + bug + ": caught at seed " + seed + " by " + v.check() + "\n" + result.report());
                assertTrue(expected.contains(v.check()), bug + " was caught by " + v.check() + ", expected one of " + expected
                        + ":\n" + result.report());
                return result;
            }
        }
        return fail(bug + " went undetected in " + MAX_SEEDS + " seeds");
    }

    @Test
    void commitOfPreviousTermEntriesByCountingIsCaught() {
        firstViolation(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING, seed -> SimulationConfig.standard(seed).withFaults(FaultProfile.figure8()),
                Set.of(Violation.Check.LEADER_COMPLETENESS, Violation.Check.STATE_MACHINE_SAFETY, Violation.Check.LINEARIZABILITY));
    }

    @Test
    void skippedVotePersistenceIsCaught() {
        firstViolation(PlantedBug.SKIP_VOTE_PERSISTENCE, seed -> SimulationConfig.standard(seed).withFaults(FaultProfile.votingStorm()),
                Set.of(Violation.Check.ELECTION_SAFETY));
    }

    @Test
    void readWithoutReadIndexIsCaught() {
        firstViolation(PlantedBug.READ_WITHOUT_READ_INDEX, SimulationConfig::standard,
                Set.of(Violation.Check.LINEARIZABILITY));
    }
}
