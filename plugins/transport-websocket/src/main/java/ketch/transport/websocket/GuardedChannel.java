package ketch.transport.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import javax.net.ssl.SSLException;
import java.util.logging.Logger;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.framing.CloseFrame;

/**
 * An accepted socket as the WebSocket server sees it. Until the upgrade succeeds it bounds what
 * the library buffers for the request (the library itself would grow its buffer without end),
 * and it closes the socket once a refusal page is written (the library leaves it open). It is a
 * {@link WrappedByteChannel} to hear when the server's writes are done, and to pass on the TLS
 * layer's own needs when the connection is TLS ({@code inner} is then the library's TLS channel).
 */
final class GuardedChannel implements WrappedByteChannel {
    /** The most request bytes read before the upgrade; a Ketch upgrade request is a few hundred. */
    static final int MAX_UPGRADE_BYTES = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(GuardedChannel.class.getName());

    private final SocketChannel socket;
    private final ByteChannel inner;
    private final Optional<WrappedByteChannel> wrapped;
    private final WebSocketImpl connection;
    private final Runnable closeSoon;
    private final String member;
    private long readBeforeOpen;
    private boolean tlsFailureLogged;

    GuardedChannel(long memberId, SocketChannel socket, WebSocketImpl connection, Runnable closeSoon) {
        this(memberId, socket, socket, connection, closeSoon);
    }

    /** {@code inner} is what bytes are read from and written to: the socket, or a TLS layer over it. */
    GuardedChannel(long memberId, SocketChannel socket, ByteChannel inner, WebSocketImpl connection, Runnable closeSoon) {
        this.member = Hello.hex(memberId);
        this.socket = socket;
        this.inner = inner;
        this.wrapped = inner instanceof WrappedByteChannel w ? Optional.of(w) : Optional.empty();
        this.connection = connection;
        this.closeSoon = closeSoon;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        try {
            return countBeforeOpen(inner.read(dst));
        } catch (SSLException e) {
            throw tlsFailed(e);
        }
    }

    /** The library closes a connection whose TLS fails without a word (it was never opened): say why here. */
    private SSLException tlsFailed(SSLException e) {
        if (!tlsFailureLogged) {
            tlsFailureLogged = true;
            LOG.warning(() -> "member " + member + ": refusing peer connection from " + socket.socket().getRemoteSocketAddress()
                    + ": TLS handshake failed: " + e);
        }
        return e;
    }

    private int countBeforeOpen(int n) throws IOException {
        if (n > 0 && !connection.isOpen()) {
            readBeforeOpen += n;
            if (readBeforeOpen > MAX_UPGRADE_BYTES) {
                // the library closes the connection on this exception, without a word: say why here
                LOG.warning(() -> "member " + member + ": closing inbound connection from " + socket.socket().getRemoteSocketAddress()
                        + ": more than " + MAX_UPGRADE_BYTES + " bytes before the upgrade completed");
                throw new IOException("more than " + MAX_UPGRADE_BYTES + " bytes before the upgrade completed");
            }
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n;
        try {
            n = inner.write(src);
        } catch (SSLException e) {
            throw tlsFailed(e);
        }
        // the refusal page is written and the library already gave up on the upgrade: hang up
        if (!src.hasRemaining() && refused() && connection.outQueue.size() <= 1) closeSoon.run();
        return n;
    }

    /** Asked when the server finds nothing left to write: the refusal was queued after the page went out. */
    @Override
    public boolean isNeedWrite() {
        boolean tlsNeeds = wrapped.map(WrappedByteChannel::isNeedWrite).orElse(false);
        if (!tlsNeeds && refused()) closeSoon.run();
        return tlsNeeds;
    }

    private boolean refused() {
        return !connection.isOpen() && connection.isFlushAndClose();
    }

    @Override
    public void writeMore() throws IOException {
        try {
            if (wrapped.isPresent()) wrapped.get().writeMore();
        } catch (SSLException e) {
            throw tlsFailed(e);
        }
    }

    @Override
    public boolean isNeedRead() {
        return wrapped.map(WrappedByteChannel::isNeedRead).orElse(false);
    }

    @Override
    public int readMore(ByteBuffer dst) throws IOException {
        try {
            return wrapped.isPresent() ? countBeforeOpen(wrapped.get().readMore(dst)) : 0;
        } catch (SSLException e) {
            throw tlsFailed(e);
        }
    }

    @Override
    public boolean isBlocking() {
        return wrapped.map(WrappedByteChannel::isBlocking).orElse(false);
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            inner.close();
        } finally {
            socket.close();
        }
    }

    /** Closes {@code connection} if its upgrade has not completed; for the upgrade deadline and refusals. */
    static void closeIfNotUpgraded(WebSocketImpl connection, String reason) {
        if (!connection.isOpen() && !connection.isClosed()) connection.closeConnection(CloseFrame.POLICY_VALIDATION, reason);
    }
}
