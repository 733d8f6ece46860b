package ketch.raft.sim;

import java.util.Optional;

/**
 * The outcome of one seed: the first violation (if any), the last events before it, and a line
 * of statistics. {@code undecided} is set when the linearizability search ran out of budget.
 */
record SimulationResult(long seed, SimulationConfig config, Optional<Violation> violation, String trace, String stats, boolean undecided) {

    boolean passed() {
        return violation.isEmpty();
    }

    /** The report printed for a failing seed: seed, violation, how to replay, the trace. */
    String report() {
        return "seed " + seed + " (" + config.nodes() + " nodes, bugs " + config.bugs() + "): "
                + violation.map(Violation::toString).orElse("passed") + "\n"
                + "  stats: " + stats + "\n"
                + "  replay: ./mvnw -q -Psimulation verify -Dketch.sim.start=" + seed + " -Dketch.sim.seeds=1\n"
                + "  last events:\n" + trace;
    }
}
