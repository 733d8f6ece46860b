package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.LongFunction;
import ketch.raft.PlantedBug;
import org.junit.jupiter.api.Test;

/**
 * Proves the simulator catches each defect RaftConfig can plant within {@value #MAX_SEEDS}
 * seeds, names the check that caught it, and that the same seed passes without the defect.
 */
class PlantedBugDetectionTest {
    private static final int MAX_SEEDS = 200;

    private static void assertCaught(PlantedBug bug, LongFunction<SimulationConfig> config, Set<Violation.Check> expected) {
        for (long seed = 0; seed < MAX_SEEDS; seed++) {
            SimulationResult result = Simulation.run(seed, config.apply(seed).withBugs(EnumSet.of(bug)));
            if (result.passed()) continue;
            Violation v = result.violation().orElseThrow();
            System.out.println("planted " + bug + ": caught at seed " + seed + " by " + v.check() + "\n" + result.report());
            assertTrue(expected.contains(v.check()), bug + " was caught by " + v.check() + ", expected one of " + expected
                    + ":\n" + result.report());
            SimulationResult clean = Simulation.run(seed, config.apply(seed));
            assertTrue(clean.passed(), "seed " + seed + " fails even without " + bug + ":\n" + clean.report());
            return;
        }
        fail(bug + " went undetected in " + MAX_SEEDS + " seeds");
    }

    /** Figure 8 (Raft §5.4.2): found by the scripted Figure-8 attack, on 3 nodes. */
    @Test
    void commitOfPreviousTermEntriesByCountingIsCaught() {
        assertCaught(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING,
                seed -> SimulationConfig.standard(seed).withFaults(FaultProfile.figure8()).withNodes(3),
                Set.of(Violation.Check.LEADER_COMPLETENESS, Violation.Check.STATE_MACHINE_SAFETY, Violation.Check.LINEARIZABILITY));
    }

    /** A forgotten vote elects two leaders in one term: voters crash and restart right after voting. */
    @Test
    void skippedVotePersistenceIsCaught() {
        assertCaught(PlantedBug.SKIP_VOTE_PERSISTENCE,
                seed -> SimulationConfig.standard(seed).withFaults(FaultProfile.votingStorm()),
                Set.of(Violation.Check.ELECTION_SAFETY));
    }

    /** A deposed leader answering reads from its own state: a stale read in the client history. */
    @Test
    void readWithoutReadIndexIsCaught() {
        assertCaught(PlantedBug.READ_WITHOUT_READ_INDEX, SimulationConfig::standard, Set.of(Violation.Check.LINEARIZABILITY));
    }
}
