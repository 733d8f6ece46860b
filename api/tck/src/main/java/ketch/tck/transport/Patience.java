package ketch.tck.transport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waiting for things real sockets do eventually. Waits on a monitor the watched object
 * notifies, so a condition that comes true ends the wait at once; nothing sleeps a fixed time.
 */
public final class Patience {
    /** How long any one condition of the suite may take on a loaded machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Patience() {}

    /**
     * Waits until {@code condition} holds, re-checking whenever {@code monitor} is notified (and at
     * least every {@code recheck}); fails with {@code what} and the last {@code state} after {@code limit}.
     */
    public static void await(Object monitor, Duration limit, Duration recheck, String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (monitor) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("waited " + limit.toMillis() + " ms for " + what + "; " + state.get());
                try {
                    monitor.wait(Math.max(1, Math.min(recheck.toMillis(), left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    /** {@link #await} with the default limit and a re-check every 50 ms. */
    public static void await(Object monitor, String what, BooleanSupplier condition, Supplier<String> state) {
        await(monitor, DEFAULT, Duration.ofMillis(50), what, condition, state);
    }
}
