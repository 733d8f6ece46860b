package ketch.transport.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.logging.Logger;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.framing.CloseFrame;

/**
 * An accepted socket as the WebSocket server sees it. Until the upgrade succeeds it bounds what
 * the library buffers for the request (the library itself would grow its buffer without end),
 * and it closes the socket once a refusal page is written (the library leaves it open). It is a
 * {@link WrappedByteChannel} only to hear when the server's writes are done.
 */
final class GuardedChannel implements WrappedByteChannel {
    /** The most request bytes read before the upgrade; a Ketch upgrade request is a few hundred. */
    static final int MAX_UPGRADE_BYTES = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(GuardedChannel.class.getName());

    private final SocketChannel socket;
    private final WebSocketImpl connection;
    private final Runnable closeSoon;
    private final String member;
    private long readBeforeOpen;

    GuardedChannel(long memberId, SocketChannel socket, WebSocketImpl connection, Runnable closeSoon) {
        this.member = Hello.hex(memberId);
        this.socket = socket;
        this.connection = connection;
        this.closeSoon = closeSoon;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = socket.read(dst);
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
        int n = socket.write(src);
        // the refusal page is written and the library already gave up on the upgrade: hang up
        if (!src.hasRemaining() && refused() && connection.outQueue.size() <= 1) closeSoon.run();
        return n;
    }

    /** Asked when the server finds nothing left to write: the refusal was queued after the page went out. */
    @Override
    public boolean isNeedWrite() {
        if (refused()) closeSoon.run();
        return false;
    }

    private boolean refused() {
        return !connection.isOpen() && connection.isFlushAndClose();
    }

    @Override
    public void writeMore() {
        // nothing is held back here
    }

    @Override
    public boolean isNeedRead() {
        return false;
    }

    @Override
    public int readMore(ByteBuffer dst) {
        return 0;
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Closes {@code connection} if its upgrade has not completed; for the upgrade deadline and refusals. */
    static void closeIfNotUpgraded(WebSocketImpl connection, String reason) {
        if (!connection.isOpen() && !connection.isClosed()) connection.closeConnection(CloseFrame.POLICY_VALIDATION, reason);
    }
}
