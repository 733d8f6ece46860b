package ketch.transport.websocket;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.SocketFactory;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/**
 * One attempt to connect to a peer, and the connection if it succeeds: a Java-WebSocket client
 * (its own reader and writer threads) whose events go to a {@link PeerLink}. A dialer is never
 * reused; the link makes a new one for every dial.
 */
final class Dialer extends WebSocketClient {
    /** What a dialer reports; called on the dialer's threads. */
    interface Events {
        void opened(Dialer dialer);

        void closed(Dialer dialer, String why);

        /** The writer flushed a frame to the socket: room for the next. */
        void flushed();
    }

    // the acceptor sends only control frames
    private static final int MAX_INBOUND_FRAME = 4096;

    private final Events events;
    private volatile String lastError = "";
    // guarded by this: the socket, so an abort can close it whatever the client's threads are doing
    private Socket socket;
    private boolean aborted;

    Dialer(URI endpoint, Hello hello, int connectTimeoutMillis, Events events) {
        super(endpoint, new Draft_6455(List.of(), List.of(new Protocol("")), MAX_INBOUND_FRAME), hello.headers(), connectTimeoutMillis);
        this.events = events;
        setDaemon(true);
        setTcpNoDelay(true);
        setSocketFactory(new NotifyingSocketFactory());
    }

    /** True while a frame handed over earlier still waits for the writer thread. */
    boolean backlogged() {
        return !((WebSocketImpl) getConnection()).outQueue.isEmpty();
    }

    /** Hands one binary frame to the writer; false if the connection is gone (the close event follows). */
    boolean sendFrame(ByteBuffer payload) {
        try {
            send(payload);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
    }

    /** Ends the attempt or the connection now, from any thread; the close event follows once. */
    void abort(String why) {
        Socket s;
        synchronized (this) {
            aborted = true;
            s = socket;
        }
        closeConnection(CloseFrame.ABNORMAL_CLOSE, why);
        closeQuietly(s);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        events.opened(this);
    }

    @Override
    public void onMessage(String message) {
        // the acceptor never sends data; nothing to do
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        // the acceptor never sends data; nothing to do
    }

    @Override
    public void onClosing(int code, String reason, boolean remote) {
        // a refused upgrade leaves the socket open on both ends: hang up now
        if (!isOpen()) abort(reason);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        Socket s;
        synchronized (this) {
            s = socket;
        }
        closeQuietly(s); // the library leaves it open when closing before its writer started
        String why = !lastError.isEmpty() ? lastError : "code " + code + (reason == null || reason.isEmpty() ? "" : " " + reason);
        events.closed(this, why);
    }

    @Override
    public void onError(Exception ex) {
        lastError = String.valueOf(ex);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Gives the client a socket the dialer can close and whose flushes it hears of. */
    private final class NotifyingSocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() throws SocketException {
            Socket s = new NotifyingSocket();
            synchronized (Dialer.this) {
                socket = s;
                if (aborted) closeQuietly(s); // the connect then fails at once
            }
            return s;
        }

        @Override
        public Socket createSocket(String host, int port) throws SocketException {
            throw new SocketException("only unconnected sockets are made here");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws SocketException {
            throw new SocketException("only unconnected sockets are made here");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws SocketException {
            throw new SocketException("only unconnected sockets are made here");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws SocketException {
            throw new SocketException("only unconnected sockets are made here");
        }
    }

    private final class NotifyingSocket extends Socket {
        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out = super.getOutputStream();
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                    events.flushed();
                }
            };
        }
    }
}
