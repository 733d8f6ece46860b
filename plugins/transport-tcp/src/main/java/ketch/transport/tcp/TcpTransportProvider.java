package ketch.transport.tcp;

import java.time.Duration;
import java.util.Set;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.PluginConfigException;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;

/**
 * {@code transport: {type: tcp}}: Raft messages over plain TCP, one dialed connection per peer.
 * Listens on every {@code http://host:port} listen-peer URL, with TLS on {@code https://host:port}
 * (etcd's peer-cert-file, peer-key-file, peer-trusted-ca-file, peer-client-cert-auth). Keys of its node.yaml section, all optional:
 *
 * <ul>
 *   <li>{@code connect-timeout} — how long a dial may take, and how long an accepted connection
 *       may stay silent before its hello; 1ms..60s. Default 3s.
 *   <li>{@code reconnect-backoff-max} — the cap of the doubling pause (from 20ms) between dials to
 *       a peer that is down; 20ms..60s. Default 1s.
 *   <li>{@code max-queued-messages} — messages per peer waiting while its connection is down or
 *       behind; beyond it messages are dropped and the peer reported unreachable (Raft resends).
 *       1..1000000. Default 4096.
 *   <li>{@code max-queued-bytes} — the same bound in bytes, per peer; at least one largest message.
 *       Default 64MiB (or twice the largest message, if more).
 *   <li>{@code io-threads} — event-loop threads for all connections; 1..16. Default 2.
 * </ul>
 */
public final class TcpTransportProvider implements TransportProvider {
    public static final String TYPE = "tcp";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String RECONNECT_BACKOFF_MAX = "reconnect-backoff-max";
    public static final String MAX_QUEUED_MESSAGES = "max-queued-messages";
    public static final String MAX_QUEUED_BYTES = "max-queued-bytes";
    public static final String IO_THREADS = "io-threads";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(1);
    static final int DEFAULT_MAX_QUEUED_MESSAGES = 4096;
    static final long DEFAULT_MAX_QUEUED_BYTES = 64L * 1024 * 1024;
    static final int DEFAULT_IO_THREADS = 2;
    // frames carry an int length; keep room for the header
    private static final long MAX_MESSAGE_BYTES_CAP = Integer.MAX_VALUE - 64;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(CONNECT_TIMEOUT, RECONNECT_BACKOFF_MAX, MAX_QUEUED_MESSAGES, MAX_QUEUED_BYTES, IO_THREADS);
    }

    @Override
    public String description() {
        return "tcp: Raft messages over TCP (Netty; TLS on https peer URLs), one connection per peer";
    }

    @Override
    public Transport create(PluginConfig config, Context context) {
        TcpSettings settings = settings(config, context);
        return new TcpTransport(context.memberId(), context.listenPeerUrls(), settings,
                PeerSecurity.of(context.clusterId(), context.tls(), context.listenPeerUrls()));
    }

    static TcpSettings settings(PluginConfig config, Context context) {
        if (context.maxMessageBytes() < 64 || context.maxMessageBytes() > MAX_MESSAGE_BYTES_CAP) {
            throw new IllegalArgumentException("maxMessageBytes must be 64.." + MAX_MESSAGE_BYTES_CAP + ", got " + context.maxMessageBytes());
        }
        int maxMessageBytes = (int) context.maxMessageBytes();
        Duration connectTimeout = config.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.toMillis() < 1 || connectTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw config.error(CONNECT_TIMEOUT, "expected 1ms..60s, got " + connectTimeout.toMillis() + "ms");
        }
        Duration backoffMax = config.duration(RECONNECT_BACKOFF_MAX, DEFAULT_RECONNECT_BACKOFF_MAX);
        if (backoffMax.compareTo(TcpSettings.RECONNECT_BACKOFF_MIN) < 0 || backoffMax.compareTo(Duration.ofSeconds(60)) > 0) {
            throw config.error(RECONNECT_BACKOFF_MAX, "expected " + TcpSettings.RECONNECT_BACKOFF_MIN.toMillis() + "ms..60s, got " + backoffMax.toMillis() + "ms");
        }
        long maxQueued = config.longValue(MAX_QUEUED_MESSAGES, DEFAULT_MAX_QUEUED_MESSAGES);
        if (maxQueued < 1 || maxQueued > 1_000_000) {
            throw config.error(MAX_QUEUED_MESSAGES, "expected 1..1000000, got " + maxQueued);
        }
        long defaultQueuedBytes = Math.max(DEFAULT_MAX_QUEUED_BYTES, 2L * (maxMessageBytes + Frames.HEADER_BYTES));
        long maxQueuedBytes = config.bytes(MAX_QUEUED_BYTES, defaultQueuedBytes);
        if (maxQueuedBytes < maxMessageBytes + Frames.HEADER_BYTES) {
            throw config.error(MAX_QUEUED_BYTES, "expected at least one largest message (" + (maxMessageBytes + Frames.HEADER_BYTES) + " bytes), got " + maxQueuedBytes);
        }
        long ioThreads = config.longValue(IO_THREADS, DEFAULT_IO_THREADS);
        if (ioThreads < 1 || ioThreads > 16) {
            throw config.error(IO_THREADS, "expected 1..16, got " + ioThreads);
        }
        for (var url : context.listenPeerUrls()) {
            try {
                PeerUrl.address(url);
            } catch (IllegalArgumentException e) {
                throw new PluginConfigException("listen-peer-urls: " + e.getMessage());
            }
        }
        return new TcpSettings(connectTimeout, backoffMax, (int) maxQueued, maxQueuedBytes, maxMessageBytes, (int) ioThreads);
    }
}
