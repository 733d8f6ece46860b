package ketch.tck.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;

/** An {@link Transport.Inbound} that keeps everything it is told, thread-safe, with bounded waits. */
public final class RecordingInbound implements Transport.Inbound {
    private final List<Message> received = new ArrayList<>();
    private final List<Long> unreachable = new ArrayList<>();

    @Override
    public synchronized void receive(Message message) {
        received.add(message);
        notifyAll();
    }

    @Override
    public synchronized void unreachable(long peerId) {
        unreachable.add(peerId);
        notifyAll();
    }

    public synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** Messages received from {@code peerId}, in arrival order. */
    public synchronized List<Message> receivedFrom(long peerId) {
        return received.stream().filter(m -> m.from() == peerId).toList();
    }

    public synchronized List<Message> received(Predicate<Message> which) {
        return received.stream().filter(which).toList();
    }

    /** How many times {@code peerId} was reported unreachable. */
    public synchronized long unreachableReports(long peerId) {
        return unreachable.stream().filter(id -> id == peerId).count();
    }

    public synchronized void clear() {
        received.clear();
        unreachable.clear();
    }

    /** Waits until {@code count} messages from {@code peerId} arrived; returns them. */
    public List<Message> awaitFrom(long peerId, int count) {
        Patience.await(this, count + " messages from member " + Long.toUnsignedString(peerId, 16),
                () -> receivedFrom(peerId).size() >= count,
                () -> "got " + receivedFrom(peerId).size());
        return receivedFrom(peerId);
    }

    /** Waits until a message matching {@code which} arrived. */
    public void awaitAny(String what, Predicate<Message> which) {
        Patience.await(this, what, () -> !received(which).isEmpty(), () -> "got " + received().size() + " messages, none matching");
    }

    /** Waits at most {@code limit} for a message matching {@code which}; says whether one came. */
    public boolean waitForAny(Duration limit, Predicate<Message> which) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this) {
            while (received(which).isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until {@code peerId} was reported unreachable at least once. */
    public void awaitUnreachable(long peerId) {
        Patience.await(this, "an unreachable report for member " + Long.toUnsignedString(peerId, 16),
                () -> unreachableReports(peerId) > 0,
                () -> "got " + unreachable.size() + " reports for other members");
    }
}
