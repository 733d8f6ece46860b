package ketch.transport.websocket;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.java_websocket.SSLSocketChannel2;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Makes the server's connections: each accepted socket is tracked (so close() can close it even
 * if the library misses it), guarded ({@link GuardedChannel}), behind TLS on a TLS listen URL, and
 * must complete its upgrade (TLS handshake included) within the connect timeout or be closed.
 */
final class GuardedServerFactory implements WebSocketServerFactory {
    private static final Logger LOG = Logger.getLogger(GuardedServerFactory.class.getName());

    private final long memberId;
    private final Duration upgradeTimeout;
    private final ScheduledExecutorService lane;
    private final Set<SocketChannel> sockets;
    private final Optional<PeerSecurity> tls;

    GuardedServerFactory(long memberId, Duration upgradeTimeout, ScheduledExecutorService lane) {
        this(memberId, upgradeTimeout, lane, ConcurrentHashMap.newKeySet(), Optional.empty());
    }

    private GuardedServerFactory(long memberId, Duration upgradeTimeout, ScheduledExecutorService lane, Set<SocketChannel> sockets,
            Optional<PeerSecurity> tls) {
        this.memberId = memberId;
        this.upgradeTimeout = upgradeTimeout;
        this.lane = lane;
        this.sockets = sockets;
        this.tls = tls;
    }

    /** The same factory (same tracked sockets) putting TLS in front of every accepted connection. */
    GuardedServerFactory withTls(PeerSecurity security) {
        return new GuardedServerFactory(memberId, upgradeTimeout, lane, sockets, Optional.of(security));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new WebSocketImpl(adapter, draft);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new WebSocketImpl(adapter, drafts);
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel socket, SelectionKey key) throws java.io.IOException {
        WebSocketImpl connection = (WebSocketImpl) key.attachment();
        sockets.removeIf(s -> !s.isOpen()); // forget the sockets closed since: connections come rarely
        sockets.add(socket);
        String from = String.valueOf(socket.socket().getRemoteSocketAddress());
        schedule(() -> {
            if (!connection.isOpen() && !connection.isClosed()) {
                LOG.warning(() -> "member " + Hello.hex(memberId) + ": closing inbound connection from " + from + ": no upgrade to "
                        + PeerUrl.PATH + " within " + upgradeTimeout.toMillis() + " ms");
                GuardedChannel.closeIfNotUpgraded(connection, "no upgrade in time");
            }
            if (!socket.isOpen()) sockets.remove(socket);
        }, upgradeTimeout);
        ByteChannel inner = socket;
        if (tls.isPresent()) {
            PeerSecurity security = tls.get();
            inner = new SSLSocketChannel2(socket, security.tls().serverEngine(security.serverContext()), security.tasks(), key);
        }
        return new GuardedChannel(memberId, socket, inner, connection, () -> schedule(() -> {
            GuardedChannel.closeIfNotUpgraded(connection, "upgrade refused");
            sockets.remove(socket);
        }, Duration.ZERO));
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            lane.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the transport is closing: close() closes every tracked socket
        }
    }

    /** Closes every accepted socket still open. */
    void closeAll() {
        for (SocketChannel socket : List.copyOf(sockets)) {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
        sockets.clear();
    }

    @Override
    public void close() {
        // the transport calls closeAll() once the server stopped
    }
}
