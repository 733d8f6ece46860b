package ketch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The --conns persistent connections, spread round-robin over the endpoints; client i uses i mod conns.
 * With no more clients than connections each client owns one; otherwise they are shared and pipelined.
 */
final class Connections implements AutoCloseable {
    private final List<HttpConnection> open;

    private Connections(List<HttpConnection> open) {
        this.open = List.copyOf(open);
    }

    static Connections open(List<Endpoint> endpoints, int count, int clients) throws IOException {
        List<HttpConnection> opened = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                opened.add(new HttpConnection(endpoints.get(i % endpoints.size()), clients > count));
            }
        } catch (IOException e) {
            opened.forEach(HttpConnection::close);
            throw new IOException("cannot connect to " + endpoints.get(opened.size() % endpoints.size())
                    + ": " + e.getMessage(), e);
        }
        return new Connections(opened);
    }

    HttpConnection forClient(int client) {
        return open.get(client % open.size());
    }

    @Override
    public void close() {
        open.forEach(HttpConnection::close);
    }
}
