package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the simulator over a range of seeds with no planted bugs and expects no violation.
 * System properties: {@code ketch.sim.start} (first seed, default 0) and {@code ketch.sim.seeds}
 * (how many, default 120); {@code ketch.sim.verbose=true} prints one line per seed. Prints every failing seed with its report, then
 * {@code simulation: N seeds, V violations}.
 */
class SimulationTest {

    @Test
    void seedsRunWithoutViolations() {
        long start = Long.getLong("ketch.sim.start", 0);
        int seeds = Integer.getInteger("ketch.sim.seeds", 120);
        boolean verbose = Boolean.getBoolean("ketch.sim.verbose");
        List<Long> failing = new ArrayList<>();
        int undecided = 0;
        for (long seed = start; seed < start + seeds; seed++) {
            SimulationResult result = Simulation.run(seed, SimulationConfig.standard(seed));
            if (result.undecided()) undecided++;
            if (verbose) System.out.println("seed " + seed + ": " + (result.passed() ? "ok" : "FAILED") + ", " + result.stats());
            if (!result.passed()) {
                failing.add(seed);
                System.out.println("FAILED " + result.report());
            }
        }
        System.out.println("simulation: " + seeds + " seeds, " + failing.size() + " violations"
                + (undecided > 0 ? " (" + undecided + " histories too large to decide)" : "")
                + (failing.isEmpty() ? "" : "; failing seeds " + failing));
        assertEquals(List.of(), failing, "failing seeds");
    }
}
