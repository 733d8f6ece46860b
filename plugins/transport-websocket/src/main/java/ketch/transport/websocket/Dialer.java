package ketch.transport.websocket;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
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

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Dialer.class.getName());

    private final Events events;
    private final Optional<SSLSocketFactory> tls;
    private volatile String lastError = "";
    // guarded by this: the socket, so an abort can close it whatever the client's threads are doing
    private Socket socket;
    private boolean aborted;

    Dialer(URI endpoint, Hello hello, int connectTimeoutMillis, Events events) {
        this(endpoint, hello, connectTimeoutMillis, events, Optional.empty());
    }

    /** With {@code tls}, the connection is layered with TLS once connected (for {@code wss://} endpoints). */
    Dialer(URI endpoint, Hello hello, int connectTimeoutMillis, Events events, Optional<SSLSocketFactory> tls) {
        super(endpoint, new Draft_6455(List.of(), List.of(new Protocol("")), MAX_INBOUND_FRAME), hello.headers(), connectTimeoutMillis);
        this.events = events;
        this.tls = tls;
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
        if (PeerSecurity.isTlsFailure(ex)) {
            LOG.warning(() -> "TLS handshake with " + getURI() + " failed: " + ex);
        }
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

    /**
     * The client's socket: plain TCP, or with {@link #tls} TLS layered on it as soon as it connects
     * (the library's own TLS support cannot be combined with a socket factory). The library then
     * reads and writes through the TLS layer, and every flush is reported.
     */
    private final class NotifyingSocket extends Socket {
        private SSLSocket secured;
        // while the TLS layer is being made it asks for this socket's own streams
        private boolean layering;
        private boolean closingLayer;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            if (tls.isEmpty()) return;
            URI uri = getURI();
            synchronized (this) {
                layering = true;
                try {
                    secured = (SSLSocket) tls.get().createSocket(this, uri.getHost(), uri.getPort(), true);
                } finally {
                    layering = false;
                }
            }
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the peer's certificate must name the host dialed
            secured.setSSLParameters(parameters);
            setSoTimeout(Math.max(1, timeout));
            try {
                secured.startHandshake();
            } finally {
                setSoTimeout(0);
            }
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            return secured == null || layering ? super.getInputStream() : secured.getInputStream();
        }

        @Override
        public void close() throws IOException {
            SSLSocket layer;
            synchronized (this) {
                layer = closingLayer ? null : secured;
                closingLayer = true;
            }
            super.close(); // first: a handshake in progress on another thread fails at once
            if (layer != null) {
                try {
                    layer.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream out;
            synchronized (this) {
                if (layering) return super.getOutputStream();
                out = secured == null ? super.getOutputStream() : secured.getOutputStream();
            }
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
