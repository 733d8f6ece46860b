package ketch.node.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A named serial lane: one thread that takes work in batches. Each turn it waits for the first
 * item, then drains everything else queued at that moment and hands the whole batch over, so a
 * lane under load does one round of work (one fsync, one apply pass) for many requests.
 *
 * @param <T> the work items
 */
public abstract class Lane<T> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Lane.class.getName());

    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    protected Lane(String name) {
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    }

    public void start() {
        thread.start();
    }

    /** Queues work for the lane; never blocks. */
    public void submit(T item) {
        queue.add(item);
    }

    /** Whether the caller is this lane's own thread. */
    public boolean onLane() {
        return Thread.currentThread() == thread;
    }

    /** Processes one batch (at least one item). Exceptions stop the node: a lane must not skip work. */
    protected abstract void process(List<T> batch);

    /** Called on the lane thread when it is idle after a batch and before waiting; for periodic work. */
    protected void idle() {}

    private void loop() {
        List<T> batch = new ArrayList<>();
        while (running) {
            try {
                T first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    idle();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                process(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, thread.getName() + " failed; stopping the node so no work is skipped", e);
                running = false;
                onFailure(e);
                return;
            }
        }
    }

    /** The lane hit an unexpected failure and stopped. */
    protected abstract void onFailure(Throwable cause);

    /**
     * Stops the lane after the batch in hand. Never interrupts: an interrupt during FileChannel I/O
     * closes the channel under the store (NIO's interruptible channels), so the lane notices the flag
     * at its next poll instead.
     */
    @Override
    public void close() {
        running = false;
        if (onLane()) return;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
