package ketch.http.host;

import java.net.URI;
import java.util.Locale;

/** One {@code listen-client-urls} entry reduced to what a plain HTTP server binds. */
record ListenAddress(URI url, String host, int port) {

    static ListenAddress of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new IllegalArgumentException("listen-client-urls: " + url
                    + " uses https, which Ketch does not serve yet; use an http:// URL");
        }
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("listen-client-urls: " + url
                    + " has scheme '" + scheme + "', expected http://host:port");
        }
        if (url.getHost() == null || url.getPort() < 0) {
            throw new IllegalArgumentException("listen-client-urls: " + url
                    + " needs a host and a port, e.g. http://127.0.0.1:2379");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("listen-client-urls: " + url
                    + " has path '" + path + "', expected none");
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // IPv6 literal
        }
        return new ListenAddress(url, host, url.getPort());
    }
}
