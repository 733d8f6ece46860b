package ketch.transport.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;
import ketch.api.spi.Transport;

/**
 * The websocket transport of one member. Messages to a peer travel on the connection this member
 * dialed to it ({@link PeerLink}); connections peers dialed here only receive ({@link Acceptor}).
 * {@link #send} encodes on the caller's thread and hands records to the links without blocking.
 */
final class WebSocketTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
    private static final Duration BIND_LIMIT = Duration.ofSeconds(10);
    private static final int STOP_MILLIS = 2000;
    private static final Inbound NOT_STARTED = new Inbound() {
        @Override
        public void receive(Message message) {}

        @Override
        public void unreachable(long peerId) {}
    };

    private final long memberId;
    private final List<URI> listenUrls;
    private final WebSocketSettings settings;
    private final PeerSecurity security;
    // dials, redials, drains and deadlines of every link, and the accepted connections' upgrade deadlines
    private final ScheduledThreadPoolExecutor lane;
    private final GuardedServerFactory accepted;
    private final Map<Long, PeerLink> peers = new ConcurrentHashMap<>();
    private final List<Acceptor> acceptors = new ArrayList<>();
    private volatile Inbound inbound = NOT_STARTED;
    private volatile boolean started;
    private volatile boolean closed;

    WebSocketTransport(long memberId, List<URI> listenUrls, WebSocketSettings settings) {
        this(memberId, listenUrls, settings, PeerSecurity.PLAIN);
    }

    WebSocketTransport(long memberId, List<URI> listenUrls, WebSocketSettings settings, PeerSecurity security) {
        if (memberId == 0) throw new IllegalArgumentException("member id must be non-zero, got 0");
        listenUrls.forEach(PeerUrl::address); // refuse bad URLs before any thread starts
        this.memberId = memberId;
        this.listenUrls = List.copyOf(listenUrls);
        this.settings = settings;
        this.security = security;
        this.lane = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("ketch-ws-" + hex(memberId)).daemon(true).factory());
        lane.setRemoveOnCancelPolicy(true);
        lane.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.accepted = new GuardedServerFactory(memberId, settings.connectTimeout(), lane);
    }

    @Override
    public synchronized void start(Inbound handler) {
        if (closed) throw new IllegalStateException("websocket transport of member " + hex(memberId) + " is closed");
        if (started) throw new IllegalStateException("websocket transport of member " + hex(memberId) + " is already started");
        this.inbound = handler;
        for (URI url : listenUrls) acceptors.add(bind(url, handler));
        started = true;
        peers.values().forEach(PeerLink::connect);
    }

    private Acceptor bind(URI url, Inbound handler) {
        InetSocketAddress unresolved = PeerUrl.address(url);
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (address.isUnresolved()) throw new IllegalStateException("cannot listen on " + url + ": unknown host " + unresolved.getHostString());
        boolean tls = PeerUrl.isTls(url);
        Acceptor acceptor = new Acceptor(address, memberId, security.clusterId(), settings, handler, tls ? accepted.withTls(security) : accepted);
        try {
            acceptor.startAndAwait(BIND_LIMIT);
        } catch (IllegalStateException e) {
            stop(acceptor);
            close();
            throw new IllegalStateException("cannot listen on " + url + ": " + e.getMessage(), e);
        }
        LOG.info(() -> "member " + hex(memberId) + ": listening for peers on " + (tls ? "wss://" : "ws://") + address.getHostString() + ":" + acceptor.getPort() + PeerUrl.PATH);
        return acceptor;
    }

    /** The addresses actually bound, in the order of the listen URLs; a port 0 URL shows its real port here. */
    synchronized List<InetSocketAddress> boundAddresses() {
        return acceptors.stream().map(a -> new InetSocketAddress(a.getAddress().getAddress(), a.getPort())).toList();
    }

    @Override
    public void send(List<Message> batch) {
        if (closed) return;
        Map<PeerLink, List<byte[]>> byPeer = new LinkedHashMap<>();
        Set<Long> unreachable = new LinkedHashSet<>();
        for (Message m : batch) {
            PeerLink link = peers.get(m.to());
            if (link == null) {
                LOG.fine(() -> "member " + hex(memberId) + ": dropping " + m.getClass().getSimpleName() + " to unknown member " + hex(m.to()));
                unreachable.add(m.to());
                continue;
            }
            if (m.from() != memberId) {
                // the receiver would refuse it and drop the whole connection with it
                LOG.warning(() -> "member " + hex(memberId) + ": dropping " + m.getClass().getSimpleName() + " that claims to come from member " + hex(m.from()));
                continue;
            }
            int size = MessageCodec.encodedSize(m);
            if (size > settings.maxMessageBytes()) {
                LOG.warning(() -> "member " + hex(memberId) + ": dropping " + m.getClass().getSimpleName() + " to member " + hex(m.to()) + " of "
                        + size + " bytes; the limit is " + settings.maxMessageBytes());
                unreachable.add(m.to());
                continue;
            }
            byPeer.computeIfAbsent(link, k -> new ArrayList<>()).add(Frames.record(m));
        }
        byPeer.forEach(PeerLink::enqueue);
        Inbound handler = inbound;
        unreachable.forEach(handler::unreachable);
    }

    @Override
    public synchronized void addPeer(long peerId, List<URI> peerUrls) {
        if (peerId == 0 || peerId == memberId) {
            throw new IllegalArgumentException("peer id must be non-zero and not this member's (" + hex(memberId) + "), got " + hex(peerId));
        }
        if (peerUrls.isEmpty()) throw new IllegalArgumentException("member " + hex(peerId) + " has no peer URLs; expected at least one http://host:port");
        List<URI> endpoints = peerUrls.stream().map(PeerUrl::endpoint).toList();
        if (closed) return;
        PeerLink existing = peers.get(peerId);
        if (existing != null) {
            existing.updateEndpoints(endpoints);
            return;
        }
        PeerLink link = new PeerLink(memberId, peerId, endpoints, lane, settings, id -> inbound.unreachable(id), security);
        peers.put(peerId, link);
        if (started) link.connect();
    }

    @Override
    public synchronized void removePeer(long peerId) {
        PeerLink link = peers.remove(peerId);
        if (link != null) link.close();
    }

    /** Messages waiting for the connection to {@code peerId}; 0 for an unknown peer. */
    int queuedMessages(long peerId) {
        PeerLink link = peers.get(peerId);
        return link == null ? 0 : link.queuedMessages();
    }

    @Override
    public void close() {
        List<Acceptor> toStop;
        synchronized (this) {
            if (closed) return;
            closed = true;
            toStop = List.copyOf(acceptors);
        }
        peers.values().forEach(PeerLink::close);
        peers.clear();
        toStop.forEach(WebSocketTransport::stop);
        accepted.closeAll();
        security.close();
        lane.shutdown(); // runs the links' closing tasks, then ends
        try {
            if (!lane.awaitTermination(5, TimeUnit.SECONDS)) lane.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.shutdownNow();
        }
        LOG.fine(() -> "member " + hex(memberId) + ": websocket transport closed");
    }

    private static void stop(Acceptor acceptor) {
        try {
            acceptor.stop(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hex(long id) {
        return Hello.hex(id);
    }
}
