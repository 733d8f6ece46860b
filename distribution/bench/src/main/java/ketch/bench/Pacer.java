package ketch.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Spaces requests evenly at a rate shared by all clients (0 = no limit). */
final class Pacer {
    private final long intervalNanos;
    private final AtomicLong nextSlot;

    Pacer(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
        this.nextSlot = new AtomicLong(System.nanoTime());
    }

    /** The time the caller may send at: one slot later than the previous caller's (long past when unlimited). */
    long reserve() {
        return intervalNanos == 0 ? Long.MIN_VALUE : nextSlot.getAndAdd(intervalNanos);
    }

    void await() {
        if (intervalNanos == 0) {
            return;
        }
        long slot = nextSlot.getAndAdd(intervalNanos);
        for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }
}
