package ketch.frontend.v3;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvService;
import ketch.api.kv.LeaseService;
import ketch.api.kv.WatchService;
import ketch.api.kv.Limits;
import ketch.api.spi.FrontEndContext;

/**
 * A node's side of {@link FrontEndContext} for tests, with service doubles: one loopback URL on a
 * free port, shared objects closed last.
 */
final class TestContext implements FrontEndContext, AutoCloseable {
    private final KvService kv;
    private final WatchService watch;
    private final LeaseService lease;
    private final ClusterService cluster;
    private final Limits limits;
    private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();

    TestContext(KvService kv, WatchService watch, LeaseService lease, ClusterService cluster, Limits limits) {
        this.kv = kv;
        this.watch = watch;
        this.lease = lease;
        this.cluster = cluster;
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
        return List.of(URI.create("http://127.0.0.1:0"));
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public synchronized <T extends AutoCloseable> T shared(Class<T> kind, Supplier<T> factory) {
        return kind.cast(shared.computeIfAbsent(kind, k -> factory.get()));
    }

    @Override
    public synchronized void close() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(shared.values());
        shared.clear();
        for (AutoCloseable c : all.reversed()) {
            c.close();
        }
    }
}
