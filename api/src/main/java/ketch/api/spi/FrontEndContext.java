package ketch.api.spi;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvService;
import ketch.api.kv.LeaseService;
import ketch.api.kv.WatchService;
import ketch.api.kv.Limits;

/** What the node gives a front end: the client services, where clients connect, and the limits. */
public interface FrontEndContext {
    KvService kv();

    WatchService watch();

    LeaseService lease();

    ClusterService cluster();

    /** The node's {@code listen-client-urls}. */
    List<URI> listenClientUrls();

    Limits limits();

    /**
     * A per-node shared object, created on first request by {@code factory} and closed by the
     * node at shutdown. Lets several front ends share one HTTP server on the client port.
     */
    <T extends AutoCloseable> T shared(Class<T> kind, Supplier<T> factory);
}
