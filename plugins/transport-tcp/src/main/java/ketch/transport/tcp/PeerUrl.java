package ketch.transport.tcp;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Turns a peer URL of node.yaml ({@code http://host:port}, or {@code https://host:port} for TLS)
 * into a socket address, or says why not.
 */
final class PeerUrl {
    private PeerUrl() {}

    /** True for {@code https://}: the connection uses TLS. */
    static boolean isTls(URI url) {
        return "https".equalsIgnoreCase(url.getScheme());
    }

    /** Whether a member's peer URLs use TLS; they must agree, since one connection serves them all. */
    static boolean isTls(java.util.List<URI> urls) {
        boolean tls = isTls(urls.getFirst());
        for (URI url : urls) {
            if (isTls(url) != tls) throw new IllegalArgumentException("peer URLs " + urls + " mix http and https; expected one scheme per member");
        }
        return tls;
    }

    /** An unresolved address for dialing or binding; throws {@link IllegalArgumentException} naming the URL. */
    static InetSocketAddress address(URI url) {
        String scheme = url.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port or https://host:port, got scheme '" + scheme + "'");
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
            throw new IllegalArgumentException("peer URL " + url + ": expected http://host:port with no path or query");
        }
        // IPv6 literals come bracketed from URI
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return InetSocketAddress.createUnresolved(bare, url.getPort());
    }
}
