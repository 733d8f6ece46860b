package ketch.raft.sim;

import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Simulated time and the one queue of pending events, ordered by time; events at the same time
 * run in the order they were scheduled, so a seed replays exactly.
 */
final class EventQueue {

    record Scheduled(long time, long sequence, SimEvent event) {}

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::time).thenComparingLong(Scheduled::sequence));
    private long now;
    private long sequence;

    long now() {
        return now;
    }

    void at(long time, SimEvent event) {
        if (time < now) throw new IllegalArgumentException("event " + event + " scheduled at " + time + ", before now " + now);
        queue.add(new Scheduled(time, sequence++, event));
    }

    void after(long delay, SimEvent event) {
        at(now + delay, event);
    }

    /** Removes the next event and moves time to it; empty when nothing is left before {@code until}. */
    Optional<SimEvent> next(long until) {
        Scheduled head = queue.peek();
        if (head == null || head.time() > until) return Optional.empty();
        queue.poll();
        now = head.time();
        return Optional.of(head.event());
    }
}
