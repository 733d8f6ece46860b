package ketch.transport.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * This member's one outbound connection to one peer, and the bounded queue of frames waiting for
 * it. Senders on any thread enqueue; everything else runs on the link's event loop: dialing,
 * redialing with doubling back-off, and draining the queue into the socket while the socket keeps
 * up (writes of one drain are flushed once).
 */
final class PeerLink {
    private static final Logger LOG = Logger.getLogger(PeerLink.class.getName());
    // the socket buffer above which the link stops draining; frames then wait in the bounded queue
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
    // frames gathered into one buffer per write, up to about this many bytes (a larger frame goes alone)
    private static final int COALESCE_BYTES = 64 * 1024;

    private enum State { IDLE, CONNECTING, CONNECTED, BACKING_OFF, CLOSED }

    private final long memberId;
    private final long peerId;
    private final EventLoop loop;
    private final TcpSettings settings;
    private final LongConsumer unreachable;
    private final Consumer<Channel> opened;
    private volatile List<InetSocketAddress> addresses;
    private volatile Dial dial;

    /** How a dialed connection starts: its pipeline's first handlers (TLS) and the cluster its hello announces. */
    record Dial(long clusterId, Secure secure) {}

    /** Adds the handlers a dialed channel needs before the link's own (TLS, or none). */
    interface Secure {
        void apply(Channel ch, long peerId, InetSocketAddress target);
    }

    // the only state senders touch: lock-free, so a sender never waits on the event loop's drain
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean closed;

    // event loop only
    private State state = State.IDLE;
    private Channel channel;
    private Duration backoff = TcpSettings.RECONNECT_BACKOFF_MIN;
    private int addressIndex;
    private boolean everConnected;
    private long connectedAtNanos;

    PeerLink(long memberId, long peerId, List<InetSocketAddress> addresses, EventLoop loop, TcpSettings settings, LongConsumer unreachable, Consumer<Channel> opened, Dial dial) {
        this.memberId = memberId;
        this.peerId = peerId;
        this.addresses = List.copyOf(addresses);
        this.loop = loop;
        this.settings = settings;
        this.unreachable = unreachable;
        this.opened = opened;
        this.dial = dial;
    }

    long peerId() {
        return peerId;
    }

    /** New addresses (and scheme) take effect at the next dial. */
    void updateAddresses(List<InetSocketAddress> newAddresses, Dial newDial) {
        this.addresses = List.copyOf(newAddresses);
        this.dial = newDial;
    }

    /** Dials now if not connected yet; called once the transport is started. */
    void connect() {
        run(() -> {
            if (state == State.IDLE) dial();
        });
    }

    /** Queues whole frames in order; drops what does not fit and reports the peer unreachable. Never blocks. */
    void enqueue(List<byte[]> frames) {
        if (closed) return;
        int dropped = 0;
        for (byte[] frame : frames) {
            // reserve first, so concurrent senders never overshoot the bounds together
            int count = queuedFrames.incrementAndGet();
            long bytes = queuedBytes.addAndGet(frame.length);
            if (count > settings.maxQueuedMessages() || bytes > settings.maxQueuedBytes()) {
                queuedFrames.decrementAndGet();
                queuedBytes.addAndGet(-frame.length);
                dropped++;
            } else {
                queue.add(frame);
            }
        }
        if (dropped > 0) {
            int n = dropped;
            LOG.fine(() -> "member " + hex(memberId) + ": queue to member " + hex(peerId) + " is full; dropped " + n + " messages");
            unreachable.accept(peerId);
        }
        // one drain task per burst of sends: the drain clears the flag before it takes frames
        if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) run(this::drain);
    }

    private void run(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // the transport is closing: nothing is delivered any more
        }
    }

    /** Frames waiting for the connection (for tests and diagnostics). */
    int queuedMessages() {
        return queuedFrames.get();
    }

    /** Stops dialing, closes the connection and forgets the queue. */
    void close() {
        closed = true;
        forget();
        run(() -> {
            state = State.CLOSED;
            if (channel != null) channel.close();
            channel = null;
        });
    }

    private void drain() {
        drainScheduled.set(false);
        if (state == State.CLOSED) {
            forget(); // frames a sender added while the link closed
            return;
        }
        if (state == State.IDLE) {
            dial();
            return;
        }
        if (state != State.CONNECTED) return; // the next connection drains
        Channel ch = channel;
        boolean wrote = false;
        List<byte[]> frames = new ArrayList<>();
        while (ch.isWritable()) {
            // frames copied into one direct buffer per write: one copy each, as Netty's own heap-to-direct
            // copy would make, but one buffer and one outbound entry for many small frames
            int bytes = 0;
            for (byte[] frame; bytes < COALESCE_BYTES && (frame = poll()) != null; ) {
                frames.add(frame);
                bytes += frame.length;
            }
            if (frames.isEmpty()) break;
            ByteBuf out = ch.alloc().directBuffer(bytes);
            for (byte[] frame : frames) out.writeBytes(frame);
            frames.clear();
            ch.write(out, ch.voidPromise());
            wrote = true;
        }
        if (wrote) ch.flush();
    }

    private byte[] poll() {
        byte[] frame = queue.poll();
        if (frame != null) {
            queuedFrames.decrementAndGet();
            queuedBytes.addAndGet(-frame.length);
        }
        return frame;
    }

    private boolean hasQueued() {
        return !queue.isEmpty();
    }

    private void forget() {
        while (poll() != null) {
            // dropped: the link is closed
        }
    }

    private void dial() {
        List<InetSocketAddress> candidates = addresses;
        InetSocketAddress target = candidates.get(Math.floorMod(addressIndex, candidates.size()));
        state = State.CONNECTING;
        // a name lookup may take seconds: never on the event loop
        Thread.ofVirtual().name("ketch-tcp-resolve-" + hex(peerId)).start(() -> {
            InetSocketAddress resolved = new InetSocketAddress(target.getHostString(), target.getPort());
            run(() -> connect(target, resolved));
        });
    }

    private void connect(InetSocketAddress target, InetSocketAddress resolved) {
        if (state == State.CLOSED) return;
        if (resolved.isUnresolved()) {
            dialFailed(target, "unknown host " + target.getHostString());
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new DialedConnection());
                        dial.secure().apply(ch, peerId, target);
                    }
                });
        bootstrap.connect(resolved).addListener((ChannelFuture f) -> onDialed(f, target));
    }

    private void dialFailed(InetSocketAddress target, String why) {
        addressIndex++;
        LOG.fine(() -> "member " + hex(memberId) + ": cannot reach member " + hex(peerId) + " at " + hostPort(target) + ": " + why);
        if (hasQueued()) unreachable.accept(peerId);
        backOff();
    }

    private void onDialed(ChannelFuture f, InetSocketAddress target) {
        if (state == State.CLOSED) {
            if (f.isSuccess()) f.channel().close();
            return;
        }
        if (!f.isSuccess()) {
            dialFailed(target, String.valueOf(f.cause()));
            return;
        }
        Channel ch = f.channel();
        opened.accept(ch);
        channel = ch;
        state = State.CONNECTED;
        connectedAtNanos = System.nanoTime();
        if (!everConnected) {
            everConnected = true;
            LOG.fine(() -> "member " + hex(memberId) + ": connected to member " + hex(peerId) + " at " + hostPort(target));
        } else {
            LOG.info(() -> "member " + hex(memberId) + ": reconnected to member " + hex(peerId) + " at " + hostPort(target));
        }
        ch.closeFuture().addListener(closed -> onClosed(ch));
        ch.write(Unpooled.wrappedBuffer(Frames.hello(new Hello(memberId, peerId, dial.clusterId()))), ch.voidPromise());
        drain();
        ch.flush();
    }

    private void onClosed(Channel ch) {
        if (channel != ch) return;
        channel = null;
        if (state == State.CLOSED) return;
        LOG.info(() -> "member " + hex(memberId) + ": lost the connection to member " + hex(peerId) + "; redialing");
        // frames already handed to the socket may be lost: Raft must learn to probe again
        unreachable.accept(peerId);
        // a peer that accepts and at once hangs up (refusing our hello, say) must not be redialed in a tight loop
        if (System.nanoTime() - connectedAtNanos >= settings.reconnectBackoffMax().toNanos()) backoff = TcpSettings.RECONNECT_BACKOFF_MIN;
        backOff();
    }

    private void backOff() {
        state = State.BACKING_OFF;
        Duration pause = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.reconnectBackoffMax()) > 0 ? settings.reconnectBackoffMax() : doubled;
        loop.schedule(() -> {
            if (state == State.BACKING_OFF) dial();
        }, pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The dialer's pipeline: nothing should arrive; writability resumes draining; errors close. */
    private final class DialedConnection extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release(); // the acceptor never writes; ignore anything it does
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && ctx.channel() == channel) drain();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException || PeerSecurity.isTlsFailure(cause)) {
                LOG.fine(() -> "member " + hex(memberId) + ": connection to member " + hex(peerId) + " failed: " + cause);
            } else {
                LOG.warning(() -> "member " + hex(memberId) + ": connection to member " + hex(peerId) + " failed: " + cause);
            }
            ctx.close();
        }
    }

    private static String hex(long id) {
        return AcceptedConnection.hex(id);
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }
}
