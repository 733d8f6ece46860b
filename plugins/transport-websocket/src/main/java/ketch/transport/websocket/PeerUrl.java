package ketch.transport.websocket;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * node.yaml keeps etcd's peer URLs ({@code http://host:port}); this transport serves and dials
 * {@code ws://host:port} + {@link #PATH} on the same host and port.
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

    /** The WebSocket endpoint of the member whose peer URL is {@code url}. */
    static URI endpoint(URI url) {
        String host = check(url);
        return URI.create("ws://" + host + ":" + url.getPort() + PATH);
    }

    private static String check(URI url) {
        String scheme = url.getScheme();
        if ("https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("peer URL " + url + ": https (TLS) is not supported by the websocket transport yet; use http://host:port");
        }
        if (!"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port, got scheme '" + scheme + "'");
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
