package ketch.transport.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * This member's one outbound connection to one peer, and the bounded queue of records waiting for
 * it. Senders on any thread enqueue; everything else runs on the transport's lane: dialing,
 * redialing with doubling back-off, and draining the queue one binary frame (one batch) at a time
 * while the connection's writer keeps up.
 */
final class PeerLink implements Dialer.Events {
    private static final Logger LOG = Logger.getLogger(PeerLink.class.getName());

    private enum State { IDLE, CONNECTING, CONNECTED, BACKING_OFF, CLOSED }

    private final long memberId;
    private final long peerId;
    private final ScheduledExecutorService lane;
    private final WebSocketSettings settings;
    private final LongConsumer unreachable;
    private final PeerSecurity security;
    private volatile List<URI> endpoints;

    // guarded by this: the queue is the only state senders touch
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean drainScheduled;
    private boolean closed;

    // lane only
    private State state = State.IDLE;
    private Dialer dialer;
    private Duration backoff = WebSocketSettings.RECONNECT_BACKOFF_MIN;
    private int endpointIndex;
    private boolean everConnected;
    private long connectedAtNanos;

    PeerLink(long memberId, long peerId, List<URI> endpoints, ScheduledExecutorService lane, WebSocketSettings settings, LongConsumer unreachable) {
        this(memberId, peerId, endpoints, lane, settings, unreachable, PeerSecurity.PLAIN);
    }

    /** {@code security} gives the cluster id the hello announces and TLS for {@code wss://} endpoints. */
    PeerLink(long memberId, long peerId, List<URI> endpoints, ScheduledExecutorService lane, WebSocketSettings settings, LongConsumer unreachable,
            PeerSecurity security) {
        this.security = security;
        this.memberId = memberId;
        this.peerId = peerId;
        this.endpoints = List.copyOf(endpoints);
        this.lane = lane;
        this.settings = settings;
        this.unreachable = unreachable;
    }

    /** New endpoints take effect at the next dial. */
    void updateEndpoints(List<URI> newEndpoints) {
        this.endpoints = List.copyOf(newEndpoints);
    }

    /** Dials now if not connected yet; called once the transport is started. */
    void connect() {
        run(() -> {
            if (state == State.IDLE) dial();
        });
    }

    /** Queues whole records in order; drops what does not fit and reports the peer unreachable. Never blocks. */
    void enqueue(List<byte[]> records) {
        int dropped = 0;
        synchronized (this) {
            if (closed) return;
            for (byte[] record : records) {
                if (queue.size() >= settings.maxQueuedMessages() || queuedBytes + record.length > settings.maxQueuedBytes()) {
                    dropped++;
                } else {
                    queue.addLast(record);
                    queuedBytes += record.length;
                }
            }
        }
        if (dropped > 0) {
            int n = dropped;
            LOG.fine(() -> "member " + hex(memberId) + ": queue to member " + hex(peerId) + " is full; dropped " + n + " messages");
            unreachable.accept(peerId);
        }
        requestDrain();
    }

    @Override
    public void flushed() {
        requestDrain();
    }

    private void requestDrain() {
        synchronized (this) {
            if (drainScheduled || queue.isEmpty() || closed) return;
            drainScheduled = true;
        }
        run(this::drain);
    }

    private void run(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            // the transport is closing: nothing is delivered any more
        }
    }

    /** Records waiting for the connection (for tests and diagnostics). */
    synchronized int queuedMessages() {
        return queue.size();
    }

    /** Stops dialing, closes the connection and forgets the queue. */
    void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
        run(() -> {
            state = State.CLOSED;
            if (dialer != null) dialer.abort("peer removed or transport closed");
            dialer = null;
        });
    }

    private void drain() {
        synchronized (this) {
            drainScheduled = false;
        }
        if (state == State.IDLE) {
            dial();
            return;
        }
        if (state != State.CONNECTED) return; // the next connection drains
        // one frame in the writer's hands at a time: its flush asks for the next
        if (dialer.backlogged()) return;
        List<byte[]> batch = new ArrayList<>();
        int bytes = pollBatch(batch);
        if (batch.isEmpty()) return;
        if (!dialer.sendFrame(Frames.payload(batch, bytes))) {
            LOG.fine(() -> "member " + hex(memberId) + ": connection to member " + hex(peerId) + " closed under " + batch.size() + " messages");
        }
    }

    /** Takes the longest prefix of the queue that fits one frame; returns its size in bytes. */
    private synchronized int pollBatch(List<byte[]> batch) {
        int limit = settings.maxFramePayload();
        int bytes = 0;
        while (!queue.isEmpty() && bytes + queue.peekFirst().length <= limit) {
            byte[] record = queue.pollFirst();
            queuedBytes -= record.length;
            bytes += record.length;
            batch.add(record);
        }
        return bytes;
    }

    private synchronized boolean hasQueued() {
        return !queue.isEmpty();
    }

    private void dial() {
        List<URI> candidates = endpoints;
        URI target = candidates.get(Math.floorMod(endpointIndex, candidates.size()));
        state = State.CONNECTING;
        Dialer d;
        try {
            d = new Dialer(target, new Hello(memberId, peerId, security.clusterId()), (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()), this,
                    "wss".equals(target.getScheme()) ? java.util.Optional.of(security.clientSockets()) : java.util.Optional.empty());
            d.connect(); // the client's own thread connects, resolving the host name there
        } catch (RuntimeException e) {
            // no thread to be had, say: a failed dial like any other, never a stuck link
            LOG.warning(() -> "member " + hex(memberId) + ": cannot dial member " + hex(peerId) + " at " + target + ": " + e);
            endpointIndex++;
            if (hasQueued()) unreachable.accept(peerId);
            backOff();
            return;
        }
        dialer = d;
        try {
            lane.schedule(() -> {
                if (dialer == d && state == State.CONNECTING) d.abort("no upgrade within " + settings.connectTimeout().toMillis() + " ms");
            }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            d.abort("transport closed");
        }
    }

    @Override
    public void opened(Dialer d) {
        run(() -> {
            if (dialer != d || state != State.CONNECTING) {
                d.abort("superseded");
                return;
            }
            state = State.CONNECTED;
            connectedAtNanos = System.nanoTime();
            if (!everConnected) {
                everConnected = true;
                LOG.fine(() -> "member " + hex(memberId) + ": connected to member " + hex(peerId) + " at " + d.getURI());
            } else {
                LOG.info(() -> "member " + hex(memberId) + ": reconnected to member " + hex(peerId) + " at " + d.getURI());
            }
            drain();
        });
    }

    @Override
    public void closed(Dialer d, String why) {
        run(() -> {
            if (dialer != d) return;
            dialer = null;
            if (state == State.CLOSED) return;
            if (state == State.CONNECTING) {
                endpointIndex++;
                LOG.fine(() -> "member " + hex(memberId) + ": cannot reach member " + hex(peerId) + " at " + d.getURI() + ": " + why);
                if (hasQueued()) unreachable.accept(peerId);
                backOff();
                return;
            }
            LOG.info(() -> "member " + hex(memberId) + ": lost the connection to member " + hex(peerId) + " (" + why + "); redialing");
            // frames already handed to the socket may be lost: Raft must learn to probe again
            unreachable.accept(peerId);
            // a peer that accepts and at once hangs up must not be redialed in a tight loop
            if (System.nanoTime() - connectedAtNanos >= settings.reconnectBackoffMax().toNanos()) backoff = WebSocketSettings.RECONNECT_BACKOFF_MIN;
            backOff();
        });
    }

    private void backOff() {
        state = State.BACKING_OFF;
        Duration pause = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.reconnectBackoffMax()) > 0 ? settings.reconnectBackoffMax() : doubled;
        try {
            lane.schedule(() -> {
                if (state == State.BACKING_OFF) dial();
            }, pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the transport is closing
        }
    }

    private static String hex(long id) {
        return Hello.hex(id);
    }
}
