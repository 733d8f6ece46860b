package ketch.node.lanes;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * When client work (proposals, linearizable reads) wakes the raft lane. Waking it once per request
 * cost a futex wake and a context switch per put, and gave Raft one proposal per turn. Instead:
 * at most one wake-up is queued at a time, and while this leader's log write is in flight queued
 * proposals do not wake the lane at all: the write's completion wakes it anyway (to report the
 * durable index), and it then proposes everything queued meanwhile as one batch, which the append
 * lane writes with one sync. That is etcd's shape too: proposals arriving during a WAL fsync go
 * into the next Ready.
 */
final class RaftWakeups {
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable wake;

    /** @param wake queues a turn on the raft lane */
    RaftWakeups(Runnable wake) {
        this.wake = wake;
    }

    /** A proposal was queued (after it is visible to the lane); a leader with a write in flight waits for it. */
    void proposalQueued(boolean leader) {
        if (!leader || writesInFlight.get() == 0) wakeOnce();
    }

    /** A linearizable read was queued (after it is visible to the lane). */
    void readQueued() {
        wakeOnce();
    }

    /** The raft lane handed a write to the append lane; call before handing it over. */
    void writeSubmitted() {
        writesInFlight.incrementAndGet();
    }

    /**
     * The append lane finished {@code writes} writes (synced). When none is left in flight, work queued
     * meanwhile must not wait for a write that will never come: wake the lane if {@code workQueued}.
     */
    void writesDone(int writes, BooleanSupplier workQueued) {
        if (writes > 0 && writesInFlight.addAndGet(-writes) == 0 && workQueued.getAsBoolean()) wakeOnce();
    }

    /** The raft lane starts draining queued client work: later arrivals must queue a new wake-up. */
    void turnStarted() {
        wakeQueued.set(false);
    }

    /** Writes handed over and not yet synced. */
    int writesInFlight() {
        return writesInFlight.get();
    }

    private void wakeOnce() {
        if (wakeQueued.compareAndSet(false, true)) wake.run();
    }
}
