package ketch.bench;

import java.net.URI;
import java.net.URISyntaxException;

/** One server to send requests to: {@code http://host:port} (or etcd's bare {@code host:port}). */
record Endpoint(String host, int port) {

    static Endpoint parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("https://")) {
            throw new UsageException("endpoint \"" + text + "\": https is not supported; expected http://host:port");
        }
        String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
        try {
            URI uri = new URI(withScheme);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new UsageException("endpoint \"" + text + "\": expected http://host:port");
            }
            return new Endpoint(uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            throw new UsageException("endpoint \"" + text + "\": expected http://host:port (" + e.getMessage() + ")");
        }
    }

    /** The value of the Host header. */
    String authority() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "http://" + authority();
    }
}
