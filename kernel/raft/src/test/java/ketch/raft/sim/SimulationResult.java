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

    /** The command that reruns exactly this seed (add -Dketch.sim.log=true to watch faults and elections). */
    String replayCommand() {
        StringBuilder cmd = new StringBuilder("./mvnw -q -Psimulation verify -Dketch.sim.start=" + seed + " -Dketch.sim.seeds=1");
        if (!config.faults().name().equals("standard")) cmd.append(" -Dketch.sim.faults=").append(config.faults().name());
        if (config.nodes() != (seed % 2 == 0 ? 3 : 5)) cmd.append(" -Dketch.sim.nodes=").append(config.nodes());
        if (config.faultMillis() != SimulationConfig.standard(seed).faultMillis()) cmd.append(" -Dketch.sim.millis=").append(config.faultMillis());
        if (!config.bugs().isEmpty()) {
            cmd.append(" -Dketch.sim.bugs=").append(String.join(",", config.bugs().stream().map(Enum::name).toList()));
        }
        return cmd.toString();
    }

    /** The report printed for a failing seed: seed, violation, how to replay, the trace. */
    String report() {
        return "seed " + seed + " (" + config.nodes() + " nodes, bugs " + config.bugs() + "): "
                + violation.map(Violation::toString).orElse("passed") + "\n"
                + "  stats: " + stats + "\n"
                + "  replay: " + replayCommand() + "\n"
                + "  last events:\n" + trace;
    }
}
