package ketch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.spi.LogStoreProvider;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single member in-process over the real MVStore log: writes, reads, restarts, snapshots. */
class KetchNodeTest {
    private static PluginCatalog plugins() {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of());
    }

    private static NodeConfig config(Path dir, long snapshotCount) {
        return NodeConfigLoader.fromYaml("data-dir: " + dir.resolve("data") + "\nsnapshot-count: " + snapshotCount + "\nlog-store: mvstore\n", "test.yaml");
    }

    private static PutResponse put(KetchNode node, String key, String value) {
        return node.kv().put(PutRequest.of(Bytes.of(key), Bytes.of(value))).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static RangeResponse get(KetchNode node, String key) {
        return node.kv().range(RangeRequest.ofKey(Bytes.of(key))).orTimeout(20, TimeUnit.SECONDS).join();
    }

    @Test
    void writesAreDurableAcrossRestarts(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, 100_000), plugins(), Clock.system())) {
            assertEquals(2, put(node, "foo", "bar").header().revision(), "the first put gets revision 2, as in etcd");
            assertEquals(3, put(node, "foo", "baz").header().revision());
            RangeResponse r = get(node, "foo");
            assertEquals("baz", r.kvs().getFirst().value().toStringUtf8());
            assertEquals(2, r.kvs().getFirst().version());
        }
        try (KetchNode node = KetchNode.start(config(dir, 100_000), plugins(), Clock.system())) {
            RangeResponse r = get(node, "foo");
            assertEquals("baz", r.kvs().getFirst().value().toStringUtf8());
            assertEquals(3, r.header().revision());
            assertEquals(4, put(node, "foo", "qux").header().revision(), "revisions continue after a restart");
        }
    }

    @Test
    void restartsFromSnapshotPlusLog(@TempDir Path dir) throws Exception {
        try (KetchNode node = KetchNode.start(config(dir, 10), plugins(), Clock.system())) {
            for (int i = 0; i < 35; i++) put(node, "k" + i, "v" + i);
        }
        try (var snaps = Files.list(dir.resolve("data/member/snap"))) {
            assertFalse(snaps.toList().isEmpty(), "snapshots were taken every 10 entries");
        }
        try (KetchNode node = KetchNode.start(config(dir, 10), plugins(), Clock.system())) {
            for (int i = 0; i < 35; i++) assertEquals("v" + i, get(node, "k" + i).kvs().getFirst().value().toStringUtf8());
            assertEquals(36, get(node, "k0").header().revision());
        }
    }

    /**
     * A crash after the state-machine snapshot was saved but before the log store heard of it: the
     * log still starts at its first entry, so Raft re-delivers entries the snapshot holds, among
     * them the founding configuration. The member must still learn it is a voter and lead again.
     */
    @Test
    void leadsAgainWhenTheSnapshotIsAheadOfTheLogStore(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        // Both logs must hold the same entries at the same indexes: the member's attribute publication
        // (an entry proposed by a background thread) goes in before the puts, in both.
        try (KetchNode node = KetchNode.start(config(a, 10), plugins(), Clock.system())) {
            node.published().orTimeout(20, TimeUnit.SECONDS).join();
            for (int i = 0; i < 12; i++) put(node, "k" + i, "v" + i);
        }
        try (KetchNode node = KetchNode.start(config(b, 100_000), plugins(), Clock.system())) {
            node.published().orTimeout(20, TimeUnit.SECONDS).join();
            for (int i = 0; i < 12; i++) put(node, "k" + i, "v" + i);
        }
        Path snapB = Files.createDirectories(b.resolve("data/member/snap"));
        try (var snaps = Files.list(a.resolve("data/member/snap"))) {
            for (Path snap : snaps.toList()) Files.copy(snap, snapB.resolve(snap.getFileName()));
        }
        try (KetchNode node = KetchNode.start(config(b, 100_000), plugins(), Clock.system())) {
            assertEquals(14, put(node, "after", "restart").header().revision(), "the restarted member leads and accepts writes");
            assertEquals("v11", get(node, "k11").kvs().getFirst().value().toStringUtf8());
        }
    }

    @Test
    void aClientErrorComesBackInEtcdsWordsAndChangesNothing(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, 100_000), plugins(), Clock.system())) {
            put(node, "a", "1");
            var bad = node.kv().put(new PutRequest(Bytes.of("missing"), Bytes.EMPTY, 0, false, true, false));
            CompletionException e = assertThrows(CompletionException.class, () -> bad.orTimeout(20, TimeUnit.SECONDS).join());
            assertTrue(e.getCause() instanceof KvException, e.toString());
            assertEquals("etcdserver: key not found", e.getCause().getMessage());
            assertEquals(2, get(node, "a").header().revision(), "the failed request did not bump the revision");
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirIsRefused(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, 100_000), plugins(), Clock.system())) {
            ConfigException e = assertThrows(ConfigException.class, () -> KetchNode.start(config(dir, 100_000), plugins(), Clock.system()));
            assertTrue(e.getMessage().contains("is in use by another Ketch process"), e.getMessage());
        }
    }
}
