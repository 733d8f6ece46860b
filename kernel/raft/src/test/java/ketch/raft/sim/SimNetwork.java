package ketch.raft.sim;

import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import ketch.api.env.RandomSource;
import ketch.api.raft.Message;

/**
 * The simulated network between nodes: every directed link has its own delay range, and
 * messages may be dropped, duplicated or delayed past later ones (reordered). Links can be cut
 * one way or both ways (partitions) and healed; a cut also loses what is in flight on the link
 * (the simulation checks the link again on delivery).
 */
final class SimNetwork {

    /** One direction between two nodes. */
    static final class Link {
        boolean up = true;
        long minDelay;
        long maxDelay;

        Link(long minDelay, long maxDelay) {
            this.minDelay = minDelay;
            this.maxDelay = maxDelay;
        }
    }

    private final RandomSource random;
    private final EventQueue events;
    private final FaultProfile faults;
    private final TreeMap<Long, TreeMap<Long, Link>> links = new TreeMap<>();

    SimNetwork(RandomSource random, EventQueue events, FaultProfile faults) {
        this.random = random;
        this.events = events;
        this.faults = faults;
    }

    /** The link from {@code from} to {@code to}, created with a random delay range on first use. */
    Link link(long from, long to) {
        return links.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> {
            long min = 1 + random.nextInt((int) faults.baseDelayMillis());
            return new Link(min, min + 1 + random.nextInt((int) faults.delaySpreadMillis()));
        });
    }

    /** Sends {@code m}; {@code trace} hears what happened to it. */
    void send(Message m, Consumer<String> trace) {
        Link link = link(m.from(), m.to());
        if (!link.up) {
            trace.accept("cut " + m);
            return;
        }
        if (chance(faults.dropPercent())) {
            trace.accept("drop " + m);
            return;
        }
        int copies = chance(faults.duplicatePercent()) ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = link.minDelay + random.nextInt((int) (link.maxDelay - link.minDelay + 1));
            if (chance(faults.reorderPercent())) delay += random.nextInt((int) faults.reorderExtraMillis() + 1);
            events.after(delay, new SimEvent.Deliver(m));
        }
        if (copies == 2) trace.accept("duplicate " + m);
    }

    /** Cuts every link between the two sides, both ways. */
    void partition(List<Long> sideA, List<Long> sideB) {
        for (long a : sideA) {
            for (long b : sideB) {
                link(a, b).up = false;
                link(b, a).up = false;
            }
        }
    }

    /** Cuts only the direction {@code from -> to}. */
    void cutOneWay(long from, long to) {
        link(from, to).up = false;
    }

    /** Restores every link to and from {@code node}, except those to nodes in {@code stillCut}. */
    void rejoin(long node, List<Long> stillCut) {
        links.forEach((from, out) -> out.forEach((to, l) -> {
            if ((from == node && !stillCut.contains(to)) || (to == node && !stillCut.contains(from))) l.up = true;
        }));
    }

    /** Restores every link. */
    void healAll() {
        for (TreeMap<Long, Link> out : links.values()) {
            for (Link l : out.values()) l.up = true;
        }
    }

    boolean chance(int percent) {
        return percent > 0 && random.nextInt(100) < percent;
    }
}
