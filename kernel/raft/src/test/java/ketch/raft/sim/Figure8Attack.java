package ketch.raft.sim;

import java.util.List;

/**
 * A scripted fault pattern that steers the cluster into Raft's Figure 8 (paper §5.4.2), with
 * random timing; a correct core must survive it, a core that commits entries of earlier terms
 * by counting replicas must not:
 * <ol>
 *   <li>a new leader X is cut off at once: its first entries stay on X alone;
 *   <li>when another leader Y emerges, Y is cut off at once too (its entries, of a newer term,
 *       stay on Y alone) and X rejoins;
 *   <li>if X wins again (its disk now stalls, so followers acknowledge before X's own fsync), it
 *       replicates its old-term entries; the moment its commit index moves while its own log is
 *       not yet durable, X crashes (losing its new-term entry) and Y rejoins —
 *       Y can now win with X's vote and overwrite what X committed, unless X obeyed Figure 8.
 * </ol>
 * Any other turn of events aborts the attack and heals the two nodes.
 */
final class Figure8Attack {
    private static final long GIVE_UP_MILLIS = 3_000;

    private enum Stage {
        IDLE,
        FIRST_CUT,
        SECOND_CUT,
        FIRST_LEADS_AGAIN,
        CRASHING
    }

    private final Simulation sim;
    private final int percent;
    private Stage stage = Stage.IDLE;
    private long first;
    private long second;
    private long generation;

    Figure8Attack(Simulation sim, int percent) {
        this.sim = sim;
        this.percent = percent;
    }

    void becameLeader(SimNode node) {
        switch (stage) {
            case IDLE -> {
                if (percent == 0 || sim.random().nextInt(100) >= percent) return;
                first = node.id;
                cut(first);
                stage = Stage.FIRST_CUT;
                sim.events().after(GIVE_UP_MILLIS, new SimEvent.AttackTimeout(++generation));
                sim.trace(first, "figure-8 attack: isolate the new leader");
            }
            case FIRST_CUT -> {
                if (node.id == first) return;
                second = node.id;
                cut(second);
                sim.network().rejoin(first, List.of(second));
                sim.node(first).stallDisk(sim.events().now() + GIVE_UP_MILLIS); // its next leadership writes slowly
                stage = Stage.SECOND_CUT;
                sim.trace(second, "figure-8 attack: isolate the second leader, " + first + " rejoins");
            }
            case SECOND_CUT -> {
                if (node.id == first) {
                    stage = Stage.FIRST_LEADS_AGAIN;
                    sim.trace(first, "figure-8 attack: the first leader leads again");
                } else {
                    abort("another leader, " + node.id + ", won");
                }
            }
            case FIRST_LEADS_AGAIN, CRASHING -> abort("another leader, " + node.id + ", won");
        }
    }

    /** The first leader's commit index moved while its own log was not durable: crash it next. */
    void committedWhileUnsynced(SimNode node) {
        if (stage != Stage.FIRST_LEADS_AGAIN || node.id != first) return;
        stage = Stage.CRASHING;
        sim.events().after(0, new SimEvent.AttackCrash(generation)); // not inside the node's Ready handling
    }

    /** Crashes the first leader before its fsync and lets the second one back. */
    void crash(long attackGeneration) {
        if (attackGeneration != generation || stage != Stage.CRASHING) return;
        SimNode node = sim.node(first);
        if (node.alive()) {
            sim.trace(first, "figure-8 attack: crash the leader before its fsync; " + second + " rejoins");
            node.crash(false);
            sim.clients().nodeCrashed(first);
            sim.events().after(1 + sim.random().nextInt((int) sim.faults().restartMaxMillis()), new SimEvent.Restart(first));
        }
        sim.network().rejoin(second, List.of());
        node.stallDisk(0);
        stage = Stage.IDLE;
    }

    void timeout(long attackGeneration) {
        if (attackGeneration == generation && stage != Stage.IDLE) abort("gave up after " + GIVE_UP_MILLIS + " ms");
    }

    /** The run's fault phase ends: put the network back. */
    void stop() {
        if (stage != Stage.IDLE) abort("fault phase over");
    }

    private void abort(String why) {
        sim.node(first).stallDisk(0);
        sim.network().rejoin(first, List.of());
        sim.network().rejoin(second, List.of());
        sim.trace(0, "figure-8 attack aborted: " + why);
        stage = Stage.IDLE;
    }

    private void cut(long id) {
        List<Long> others = sim.nodes().stream().map(x -> x.id).filter(x -> x != id).toList();
        sim.network().partition(List.of(id), others);
    }
}
