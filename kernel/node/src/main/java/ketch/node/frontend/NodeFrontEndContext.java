package ketch.node.frontend;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvService;
import ketch.api.kv.LeaseService;
import ketch.api.kv.WatchService;
import ketch.api.kv.Limits;
import ketch.api.spi.FrontEndContext;

/** What front ends get from the node; owns the shared objects (such as the HTTP server) they create. */
public final class NodeFrontEndContext implements FrontEndContext, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NodeFrontEndContext.class.getName());

    private final KvService kv;
    private final WatchService watch;
    private final LeaseService lease;
    private final ClusterService cluster;
    private final List<URI> listenClientUrls;
    private final Limits limits;
    private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();

    public NodeFrontEndContext(KvService kv, WatchService watch, LeaseService lease, ClusterService cluster, List<URI> listenClientUrls,
            Limits limits) {
        this.kv = kv;
        this.watch = watch;
        this.lease = lease;
        this.cluster = cluster;
        this.listenClientUrls = List.copyOf(listenClientUrls);
        this.limits = limits;
    }

    @Override
    public KvService kv() {
        return kv;
    }

    @Override
    public WatchService watch() {
        return watch;
    }

    @Override
    public LeaseService lease() {
        return lease;
    }

    @Override
    public ClusterService cluster() {
        return cluster;
    }

    @Override
    public List<URI> listenClientUrls() {
        return listenClientUrls;
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public synchronized <T extends AutoCloseable> T shared(Class<T> kind, Supplier<T> factory) {
        AutoCloseable existing = shared.get(kind);
        if (existing == null) {
            existing = factory.get();
            shared.put(kind, existing);
        }
        return kind.cast(existing);
    }

    /** Closes the shared objects in reverse order of creation. */
    @Override
    public synchronized void close() {
        List<AutoCloseable> reversed = new ArrayList<>(shared.values());
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + c.getClass().getName() + " failed", e);
            }
        }
        shared.clear();
    }
}
