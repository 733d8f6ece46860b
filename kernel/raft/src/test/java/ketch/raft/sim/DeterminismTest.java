package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** A seed must replay exactly: same events, same trace, same outcome. Otherwise a printed seed is worthless. */
class DeterminismTest {

    @Test
    void aSeedReplaysIdentically() {
        for (long seed : new long[] {3, 4}) {
            SimulationResult first = Simulation.run(seed, SimulationConfig.standard(seed));
            SimulationResult second = Simulation.run(seed, SimulationConfig.standard(seed));
            assertEquals(first.stats(), second.stats(), "seed " + seed);
            assertEquals(first.trace(), second.trace(), "seed " + seed);
            assertEquals(first.violation(), second.violation(), "seed " + seed);
        }
    }

    @Test
    void differentSeedsTakeDifferentPaths() {
        assertNotEquals(Simulation.run(3, SimulationConfig.standard(3)).trace(), Simulation.run(5, SimulationConfig.standard(5)).trace());
    }
}
