package ketch.transport.websocket;

import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Makes the server's connections: each accepted socket is tracked (so close() can close it even
 * if the library misses it), guarded ({@link GuardedChannel}) and must complete its upgrade within
 * the connect timeout or be closed.
 */
final class GuardedServerFactory implements WebSocketServerFactory {
    private static final Logger LOG = Logger.getLogger(GuardedServerFactory.class.getName());

    private final long memberId;
    private final Duration upgradeTimeout;
    private final ScheduledExecutorService lane;
    private final Set<SocketChannel> sockets = ConcurrentHashMap.newKeySet();

    GuardedServerFactory(long memberId, Duration upgradeTimeout, ScheduledExecutorService lane) {
        this.memberId = memberId;
        this.upgradeTimeout = upgradeTimeout;
        this.lane = lane;
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
    public ByteChannel wrapChannel(SocketChannel socket, SelectionKey key) {
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
        return new GuardedChannel(memberId, socket, connection, () -> schedule(() -> {
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
