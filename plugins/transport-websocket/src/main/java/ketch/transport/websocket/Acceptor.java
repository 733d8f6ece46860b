package ketch.transport.websocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

/**
 * The receiving end on one listen address: accepts upgrades to {@link PeerUrl#PATH} whose hello
 * headers name this member, then delivers the messages of every binary frame. Anything else closes
 * the connection with a logged reason; the dialer reconnects if it was an honest glitch.
 */
final class Acceptor extends WebSocketServer {
    private static final Logger LOG = Logger.getLogger(Acceptor.class.getName());

    private final long memberId;
    private final long clusterId;
    private final int maxMessageBytes;
    private final Transport.Inbound inbound;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Optional<Exception> failure = Optional.empty();

    Acceptor(InetSocketAddress address, long memberId, WebSocketSettings settings, Transport.Inbound inbound, GuardedServerFactory factory) {
        this(address, memberId, 0, settings, inbound, factory);
    }

    /** {@code clusterId} 0 accepts a hello of any cluster (this member does not know its own yet). */
    Acceptor(InetSocketAddress address, long memberId, long clusterId, WebSocketSettings settings, Transport.Inbound inbound, GuardedServerFactory factory) {
        // the library refuses (close code 1009) any frame above one largest record before buffering it
        super(address, settings.ioThreads(), List.<Draft>of(new Draft_6455(List.of(), List.of(new Protocol("")), settings.maxFramePayload())));
        this.memberId = memberId;
        this.clusterId = clusterId;
        this.maxMessageBytes = settings.maxMessageBytes();
        this.inbound = inbound;
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
        setWebSocketFactory(factory);
    }

    /** Starts listening; waits until the port is bound or binding failed, which it throws. */
    void startAndAwait(Duration limit) {
        start();
        try {
            if (!started.await(limit.toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("not listening after " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
        failure.ifPresent(e -> {
            throw new IllegalStateException(String.valueOf(e.getMessage()), e);
        });
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
        try {
            hello(request);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "member " + Hello.hex(memberId) + ": refusing the upgrade from " + conn.getRemoteSocketAddress() + ": " + e.getMessage());
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, e.getMessage());
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    private Hello hello(ClientHandshake request) {
        if (!PeerUrl.PATH.equals(request.getResourceDescriptor())) {
            throw new IllegalArgumentException("path " + request.getResourceDescriptor() + " is not served, expected " + PeerUrl.PATH);
        }
        Hello hello = Hello.parse(name -> request.hasFieldValue(name) ? Optional.of(request.getFieldValue(name).trim()) : Optional.empty());
        if (hello.to() != memberId) {
            throw new IllegalArgumentException("hello from member " + Hello.hex(hello.from()) + " is addressed to member " + Hello.hex(hello.to())
                    + ", this is member " + Hello.hex(memberId));
        }
        if (hello.from() == memberId) throw new IllegalArgumentException("hello claims to come from this member " + Hello.hex(memberId));
        if (clusterId != 0 && hello.clusterId() != 0 && hello.clusterId() != clusterId) {
            // etcd's words, so operators searching the logs find the same cause
            throw new IllegalArgumentException("request cluster ID mismatch: member " + Hello.hex(hello.from()) + " is in cluster "
                    + Hello.hex(hello.clusterId()) + ", this member is in cluster " + Hello.hex(clusterId)
                    + " (a different initial-cluster or initial-cluster-token?)");
        }
        return hello;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        long peerId = hello(handshake).from();
        conn.setAttachment(peerId);
        LOG.fine(() -> "member " + Hello.hex(memberId) + ": accepted connection from member " + Hello.hex(peerId) + " at " + conn.getRemoteSocketAddress());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        refuse(conn, "a text frame of " + message.length() + " chars; expected binary frames");
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer frame) {
        Long peerId = conn.getAttachment();
        if (peerId == null || !conn.isOpen()) return; // refused already
        List<Message> messages;
        try {
            messages = Frames.messages(frame, maxMessageBytes);
        } catch (IllegalArgumentException e) {
            refuse(conn, e.getMessage());
            return;
        }
        for (Message m : messages) {
            if (m.from() != peerId || m.to() != memberId) {
                refuse(conn, "message from " + Hello.hex(m.from()) + " to " + Hello.hex(m.to()) + " on the connection of member "
                        + Hello.hex(peerId) + " to " + Hello.hex(memberId));
                return;
            }
        }
        for (Message m : messages) {
            try {
                inbound.receive(m);
            } catch (RuntimeException e) {
                // the node's fault, not the peer's: keep the connection
                LOG.log(Level.WARNING, "member " + Hello.hex(memberId) + ": the inbound handler failed on " + m.getClass().getSimpleName(), e);
            }
        }
    }

    private void refuse(WebSocket conn, String reason) {
        Long peerId = conn.getAttachment();
        LOG.warning(() -> "member " + Hello.hex(memberId) + ": closing inbound connection from " + conn.getRemoteSocketAddress()
                + (peerId == null ? "" : " (member " + Hello.hex(peerId) + ")") + ": " + reason);
        conn.setAttachment(null);
        conn.close(CloseFrame.POLICY_VALIDATION, shorten(reason));
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (!remote && code != CloseFrame.NORMAL && code != CloseFrame.GOING_AWAY && code != CloseFrame.POLICY_VALIDATION) {
            // the library's own refusals: a frame too big (1009), a protocol error (1002), ...
            LOG.warning(() -> "member " + Hello.hex(memberId) + ": closed inbound connection from " + conn.getRemoteSocketAddress() + ": code " + code + " " + reason);
        } else {
            LOG.fine(() -> "member " + Hello.hex(memberId) + ": inbound connection from " + conn.getRemoteSocketAddress() + " closed: code " + code + " " + reason);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            // the server itself failed: binding, most likely
            failure = Optional.of(ex);
            started.countDown();
            return;
        }
        if (PeerSecurity.isTlsFailure(ex)) {
            LOG.warning(() -> "member " + Hello.hex(memberId) + ": refusing peer connection from " + conn.getRemoteSocketAddress()
                    + ": TLS handshake failed: " + ex);
            return;
        }
        LOG.fine(() -> "member " + Hello.hex(memberId) + ": inbound connection from " + conn.getRemoteSocketAddress() + " failed: " + ex);
    }

    /** A close reason must fit a control frame (123 bytes of UTF-8). */
    static String shorten(String reason) {
        return reason.length() <= 100 ? reason : reason.substring(0, 100);
    }
}
