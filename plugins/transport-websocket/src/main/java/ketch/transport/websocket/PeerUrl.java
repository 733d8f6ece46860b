package ketch.transport.websocket;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * node.yaml keeps etcd's peer URLs ({@code http://host:port}, {@code https://host:port} for TLS;
 * {@code ws://} and {@code wss://} are accepted as the same); this transport serves and dials
 * {@code ws://host:port} (or {@code wss://}) + {@link #PATH} on the same host and port.
 */
final class PeerUrl {
    /** The one path the transport serves; anything else is refused at the upgrade. */
    static final String PATH = "/ketch/raft";

    private PeerUrl() {}

    /** An unresolved address for binding; throws {@link IllegalArgumentException} naming the URL. */
    static InetSocketAddress address(URI url) {
        String host = check(url);
        // IPv6 literals come bracketed from URI
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return InetSocketAddress.createUnresolved(bare, url.getPort());
    }

    /** True for {@code https://} and {@code wss://}: the connection uses TLS. */
    static boolean isTls(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) || "wss".equalsIgnoreCase(url.getScheme());
    }

    /** The WebSocket endpoint of the member whose peer URL is {@code url}. */
    static URI endpoint(URI url) {
        String host = check(url);
        return URI.create((isTls(url) ? "wss://" : "ws://") + host + ":" + url.getPort() + PATH);
    }

    private static String check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port or https://host:port, got scheme '" + url.getScheme() + "'");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port, the host is missing");
        }
        if (url.getPort() < 0) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port, the port is missing");
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port with no path or query (the transport adds " + PATH + ")");
        }
        return host;
    }
}
