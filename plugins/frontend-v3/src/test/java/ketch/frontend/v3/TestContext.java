package ketch.frontend.v3;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ketch.api.kv.KvService;
import ketch.api.kv.Limits;
import ketch.api.spi.FrontEndContext;

/** A node's side of {@link FrontEndContext} for tests: one loopback URL on a free port, shared objects closed last. */
final class TestContext implements FrontEndContext, AutoCloseable {
    private final KvService kv;
    private final Limits limits;
    private final Map<Class<?>, AutoCloseable> shared = new LinkedHashMap<>();

    TestContext(KvService kv, Limits limits) {
        this.kv = kv;
        this.limits = limits;
    }

    @Override
    public KvService kv() {
        return kv;
    }

    @Override
    public ketch.api.kv.WatchService watch() {
        throw new AssertionError("the watch service is not used in this test");
    }

    @Override
    public ketch.api.kv.LeaseService lease() {
        throw new AssertionError("the lease service is not used in this test");
    }

    @Override
    public ketch.api.kv.ClusterService cluster() {
        throw new AssertionError("the cluster service is not used in this test");
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
