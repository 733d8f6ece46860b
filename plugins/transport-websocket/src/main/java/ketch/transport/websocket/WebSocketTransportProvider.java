package ketch.transport.websocket;

import java.time.Duration;
import java.util.Set;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.PluginConfigException;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;

/**
 * {@code transport: {type: websocket}}: Raft messages as binary WebSocket frames, one dialed
 * connection per peer, on a plain HTTP upgrade of {@code /ketch/raft} (so it can cross HTTP
 * proxies). Listens on every {@code http://host:port} listen-peer URL, serving
 * {@code ws://host:port/ketch/raft}, and {@code wss://} on an {@code https://} URL (etcd's
 * peer-cert-file, peer-key-file, peer-trusted-ca-file, peer-client-cert-auth). Keys of its
 * node.yaml section, all optional:
 *
 * <ul>
 *   <li>{@code connect-timeout} — how long a dial with its upgrade may take, and how long an
 *       accepted connection may take to upgrade; 1ms..60s. Default 3s.
 *   <li>{@code reconnect-backoff-max} — the cap of the doubling pause (from 20ms) between dials to
 *       a peer that is down; 20ms..60s. Default 1s.
 *   <li>{@code max-queued-messages} — messages per peer waiting while its connection is down or
 *       behind; beyond it messages are dropped and the peer reported unreachable (Raft resends).
 *       1..1000000. Default 4096.
 *   <li>{@code max-queued-bytes} — the same bound in bytes, per peer; at least one largest message.
 *       Default 64MiB (or twice the largest message, if more).
 *   <li>{@code io-threads} — threads decoding what accepted connections receive; 1..16. Default 2.
 * </ul>
 */
public final class WebSocketTransportProvider implements TransportProvider {
    public static final String TYPE = "websocket";
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
        return "websocket: Raft messages as binary WebSocket frames on ws://host:port" + PeerUrl.PATH + ", one connection per peer";
    }

    @Override
    public Transport create(PluginConfig config, Context context) {
        WebSocketSettings settings = settings(config, context);
        return new WebSocketTransport(context.memberId(), context.listenPeerUrls(), settings,
                PeerSecurity.of(context.clusterId(), context.tls(), context.listenPeerUrls()));
    }

    static WebSocketSettings settings(PluginConfig config, Context context) {
        if (context.maxMessageBytes() < 64 || context.maxMessageBytes() > Frames.MAX_MESSAGE_BYTES_CAP) {
            throw new IllegalArgumentException("maxMessageBytes must be 64.." + Frames.MAX_MESSAGE_BYTES_CAP + ", got " + context.maxMessageBytes());
        }
        int maxMessageBytes = (int) context.maxMessageBytes();
        int largestRecord = Frames.recordBytes(maxMessageBytes);
        Duration connectTimeout = config.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.toMillis() < 1 || connectTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw config.error(CONNECT_TIMEOUT, "expected 1ms..60s, got " + connectTimeout.toMillis() + "ms");
        }
        Duration backoffMax = config.duration(RECONNECT_BACKOFF_MAX, DEFAULT_RECONNECT_BACKOFF_MAX);
        if (backoffMax.compareTo(WebSocketSettings.RECONNECT_BACKOFF_MIN) < 0 || backoffMax.compareTo(Duration.ofSeconds(60)) > 0) {
            throw config.error(RECONNECT_BACKOFF_MAX, "expected " + WebSocketSettings.RECONNECT_BACKOFF_MIN.toMillis() + "ms..60s, got " + backoffMax.toMillis() + "ms");
        }
        long maxQueued = config.longValue(MAX_QUEUED_MESSAGES, DEFAULT_MAX_QUEUED_MESSAGES);
        if (maxQueued < 1 || maxQueued > 1_000_000) {
            throw config.error(MAX_QUEUED_MESSAGES, "expected 1..1000000, got " + maxQueued);
        }
        long maxQueuedBytes = config.bytes(MAX_QUEUED_BYTES, Math.max(DEFAULT_MAX_QUEUED_BYTES, 2L * largestRecord));
        if (maxQueuedBytes < largestRecord) {
            throw config.error(MAX_QUEUED_BYTES, "expected at least one largest message (" + largestRecord + " bytes), got " + maxQueuedBytes);
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
        return new WebSocketSettings(connectTimeout, backoffMax, (int) maxQueued, maxQueuedBytes, maxMessageBytes, (int) ioThreads);
    }
}
