package ketch.transport.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;
import ketch.api.spi.Transport;

/**
 * The tcp transport of one member. Messages to a peer travel on the connection this member dialed
 * to it ({@link PeerLink}); connections peers dialed here only receive ({@link AcceptedConnection}).
 * {@link #send} encodes on the caller's thread and hands frames to the links without blocking.
 */
final class TcpTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(TcpTransport.class.getName());
    private static final Inbound NOT_STARTED = new Inbound() {
        @Override
        public void receive(Message message) {}

        @Override
        public void unreachable(long peerId) {}
    };

    private final long memberId;
    private final List<URI> listenUrls;
    private final TcpSettings settings;
    private final PeerSecurity security;
    private final EventLoopGroup group;
    private final Map<Long, PeerLink> peers = new ConcurrentHashMap<>();
    private final List<Channel> servers = new ArrayList<>();
    // every open socket, closed explicitly in close(): the event loops' own shutdown can miss one just accepted
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private volatile Inbound inbound = NOT_STARTED;
    private volatile boolean started;
    private volatile boolean closed;

    TcpTransport(long memberId, List<URI> listenUrls, TcpSettings settings) {
        this(memberId, listenUrls, settings, PeerSecurity.PLAIN);
    }

    TcpTransport(long memberId, List<URI> listenUrls, TcpSettings settings, PeerSecurity security) {
        if (memberId == 0) throw new IllegalArgumentException("member id must be non-zero, got 0");
        listenUrls.forEach(PeerUrl::address); // refuse bad URLs before any thread starts
        this.memberId = memberId;
        this.listenUrls = List.copyOf(listenUrls);
        this.settings = settings;
        this.security = security;
        this.group = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("ketch-tcp-" + AcceptedConnection.hex(memberId), true), NioIoHandler.newFactory());
    }

    @Override
    public synchronized void start(Inbound handler) {
        if (closed) throw new IllegalStateException("tcp transport of member " + hex(memberId) + " is closed");
        if (started) throw new IllegalStateException("tcp transport of member " + hex(memberId) + " is already started");
        this.inbound = handler;
        for (URI url : listenUrls) servers.add(bind(url));
        started = true;
        peers.values().forEach(PeerLink::connect);
    }

    private Channel bind(URI url) {
        InetSocketAddress unresolved = PeerUrl.address(url);
        InetSocketAddress address = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        boolean tls = PeerUrl.isTls(url);
        if (address.isUnresolved()) throw new IllegalStateException("cannot listen on " + url + ": unknown host " + unresolved.getHostString());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        track(ch);
                        ch.pipeline().addLast(Frames.decoder(settings.maxMessageBytes()));
                        ch.pipeline().addLast(new AcceptedConnection(memberId, security.clusterId(), settings.connectTimeout(), inbound));
                        if (tls) security.secureAccepted(ch, memberId);
                    }
                });
        var bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            close();
            throw new IllegalStateException("cannot listen on " + url + ": " + bound.cause().getMessage(), bound.cause());
        }
        LOG.info(() -> "member " + hex(memberId) + ": listening for peers on " + bound.channel().localAddress() + (tls ? " (TLS)" : ""));
        return bound.channel();
    }

    /** The addresses actually bound, in the order of the listen URLs; a port 0 URL shows its real port here. */
    synchronized List<InetSocketAddress> boundAddresses() {
        return servers.stream().map(ch -> (InetSocketAddress) ch.localAddress()).toList();
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
            byPeer.computeIfAbsent(link, k -> new ArrayList<>()).add(Frames.message(m));
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
        List<InetSocketAddress> addresses = peerUrls.stream().map(PeerUrl::address).toList();
        PeerLink.Dial dial = dial(PeerUrl.isTls(peerUrls));
        if (closed) return;
        PeerLink existing = peers.get(peerId);
        if (existing != null) {
            existing.updateAddresses(addresses, dial);
            return;
        }
        PeerLink link = new PeerLink(memberId, peerId, addresses, group.next(), settings, id -> inbound.unreachable(id), this::track, dial);
        peers.put(peerId, link);
        if (started) link.connect();
    }

    /** How dialed connections start: TLS for https peers, then the hello announcing this member's cluster. */
    private PeerLink.Dial dial(boolean tls) {
        return new PeerLink.Dial(security.clusterId(), tls ? (ch, peerId, target) -> security.secureDialed(ch, memberId, peerId, target) : (ch, peerId, target) -> {});
    }

    @Override
    public synchronized void removePeer(long peerId) {
        PeerLink link = peers.remove(peerId);
        if (link != null) link.close();
    }

    private void track(Channel ch) {
        connections.add(ch);
        ch.closeFuture().addListener(f -> connections.remove(ch));
        if (closed) ch.close(); // raced with close(): it must not outlive the transport
    }

    /** Messages waiting for the connection to {@code peerId}; 0 for an unknown peer. */
    int queuedMessages(long peerId) {
        PeerLink link = peers.get(peerId);
        return link == null ? 0 : link.queuedMessages();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        peers.values().forEach(PeerLink::close);
        peers.clear();
        for (Channel server : servers) server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Channel ch : List.copyOf(connections)) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        // a short quiet period: nothing is worth waiting for once the node is shutting down
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        LOG.fine(() -> "member " + hex(memberId) + ": tcp transport closed");
    }

    private static String hex(long id) {
        return AcceptedConnection.hex(id);
    }
}
