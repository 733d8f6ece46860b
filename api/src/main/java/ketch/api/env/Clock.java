package ketch.api.env;

/**
 * Time as the node sees it. Injected everywhere time matters so tests and the simulator can
 * drive it; the kernel never reads a clock at all (it counts ticks).
 */
public interface Clock {
    /** Monotonic nanoseconds, for durations and timeouts. */
    long nanoTime();

    /** Wall-clock milliseconds since the epoch, for what users see (never for ordering). */
    long currentTimeMillis();

    /** The machine's clocks. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
