package ketch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.KvBatch;
import ketch.api.spi.LogStoreProvider;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single member over the persistent mvstore backend: restart from it, log compaction, status, defragment. */
class NodeBackendTest {
    private static PluginCatalog plugins() {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        List<KvBackendProvider> backends = ServiceLoader.load(KvBackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of(), backends);
    }

    private static NodeConfig config(Path dir, String backend, long snapshotCount) {
        return NodeConfigLoader.fromYaml("data-dir: " + dir.resolve("data") + "\nsnapshot-count: " + snapshotCount
                + "\nsnapshot-catchup-entries: 3\nlog-store: mvstore\nbackend: " + backend + "\n", "test.yaml");
    }

    private static void put(KetchNode node, String key, String value) {
        node.kv().put(PutRequest.of(Bytes.of(key), Bytes.of(value))).orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static RangeResponse get(KetchNode node, String key) {
        return node.kv().range(RangeRequest.ofKey(Bytes.of(key))).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** This member's publish (name and client URLs) is applied and so in the backend's member table. */
    private static void awaitPublished(KetchNode node) {
        node.published().orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static void assertHolds(KetchNode node, int keys, long revision) {
        for (int i = 0; i < keys; i++) assertEquals("v" + i, get(node, "k" + i).kvs().getFirst().value().toStringUtf8());
        assertEquals(revision, get(node, "k0").header().revision(), "the revision did not go back");
    }

    @Test
    void aRestartLoadsTheBackendAndReplaysOnlyTheEntriesAfterIt(@TempDir Path dir) {
        String backend = "{type: mvstore, sync-entries: 1}";
        try (KetchNode node = KetchNode.start(config(dir, backend, 100_000), plugins(), Clock.system())) {
            for (int i = 0; i < 60; i++) put(node, "k" + i, "v" + i);
            assertTrue(node.appliedSinceStart() >= 60, "applied " + node.appliedSinceStart());
            awaitPublished(node); // else the restart publishes the member's attributes, one more entry
        }
        assertTrue(Files.exists(dir.resolve("data/member/backend/kv.mv.db")), "the backend has its own folder");
        try (KetchNode node = KetchNode.start(config(dir, backend, 100_000), plugins(), Clock.system())) {
            assertHolds(node, 60, 61);
            // Only what came after the backend's index: the new leader's empty entry.
            assertEquals(1, node.appliedSinceStart(), "entries applied after loading the backend");
            put(node, "k60", "v60");
            assertEquals(62, get(node, "k60").header().revision());
        }
    }

    @Test
    void aDamagedBackendIsRebuiltFromTheSnapshotAndLog(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, "mvstore", 100_000), plugins(), Clock.system())) {
            for (int i = 0; i < 20; i++) put(node, "k" + i, "v" + i);
            awaitPublished(node);
        }
        KvBackendProvider mvstore = ServiceLoader.load(KvBackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("mvstore")).findFirst().orElseThrow();
        try (KvBackend backend = mvstore.create(ketch.node.config.SectionConfig.ofType("backend", "mvstore", "test"),
                new KvBackendProvider.Context(dir.resolve("data/member/backend")))) {
            Bytes first = backend.get("key", ketch.node.backend.BackendCodec.position(2, 0)).orElseThrow();
            byte[] flipped = first.toByteArray();
            flipped[flipped.length / 2] ^= 0x40; // the record's checksum no longer matches
            backend.commit(KvBatch.builder().put("key", ketch.node.backend.BackendCodec.position(2, 0), Bytes.wrap(flipped)).build());
        }
        try (KetchNode node = KetchNode.start(config(dir, "mvstore", 100_000), plugins(), Clock.system())) {
            assertHolds(node, 20, 21);
        }
        try (KetchNode node = KetchNode.start(config(dir, "mvstore", 100_000), plugins(), Clock.system())) {
            assertHolds(node, 20, 21);
            assertEquals(1, node.appliedSinceStart(), "the rebuilt backend is used again");
        }
    }

    @Test
    void theMemoryBackendReplaysTheWholeLog(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, "memory", 100_000), plugins(), Clock.system())) {
            for (int i = 0; i < 20; i++) put(node, "k" + i, "v" + i);
        }
        try (KetchNode node = KetchNode.start(config(dir, "memory", 100_000), plugins(), Clock.system())) {
            assertHolds(node, 20, 21);
            assertTrue(node.appliedSinceStart() > 20, "replayed " + node.appliedSinceStart());
        }
    }

    @Test
    void aCompactedLogStillRestartsFromTheBackend(@TempDir Path dir) {
        // Syncs only when a snapshot lets the log be compacted (or after a long interval): the rule under test.
        String backend = "{type: mvstore, sync-entries: 1000000, sync-interval: 1h}";
        try (KetchNode node = KetchNode.start(config(dir, backend, 10), plugins(), Clock.system())) {
            for (int i = 0; i < 45; i++) put(node, "k" + i, "v" + i);
        }
        try (KetchNode node = KetchNode.start(config(dir, backend, 10), plugins(), Clock.system())) {
            assertHolds(node, 45, 46);
            assertTrue(node.appliedSinceStart() <= 2, "replayed " + node.appliedSinceStart());
            for (int i = 45; i < 70; i++) put(node, "k" + i, "v" + i);
        }
        try (KetchNode node = KetchNode.start(config(dir, backend, 10), plugins(), Clock.system())) {
            assertHolds(node, 70, 71);
        }
    }

    @Test
    void statusReportsTheBackendSizeAndDefragmentKeepsTheData(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, "mvstore", 100_000), plugins(), Clock.system())) {
            for (int i = 0; i < 30; i++) put(node, "k" + i, "v" + i);
            var status = node.cluster().status().orTimeout(20, TimeUnit.SECONDS).join();
            assertTrue(status.dbSize() > 0, "db size " + status.dbSize());
            node.cluster().defragment().orTimeout(60, TimeUnit.SECONDS).join();
            assertHolds(node, 30, 31);
            put(node, "k30", "v30");
        }
        try (KetchNode node = KetchNode.start(config(dir, "mvstore", 100_000), plugins(), Clock.system())) {
            assertHolds(node, 31, 32);
        }
    }

    @Test
    void defragmentOfTheMemoryBackendSucceeds(@TempDir Path dir) {
        try (KetchNode node = KetchNode.start(config(dir, "memory", 100_000), plugins(), Clock.system())) {
            put(node, "a", "1");
            node.cluster().defragment().orTimeout(20, TimeUnit.SECONDS).join();
            assertEquals("1", get(node, "a").kvs().getFirst().value().toStringUtf8());
        }
    }

    @Test
    void aWrongBackendTypeOrKeyIsRefusedWithTheChoices(@TempDir Path dir) {
        ConfigException type = assertThrows(ConfigException.class,
                () -> KetchNode.start(config(dir, "{type: mvstor}", 100), plugins(), Clock.system()));
        assertTrue(type.getMessage().contains("test.yaml:"), type.getMessage());
        assertTrue(type.getMessage().contains("unknown backend type 'mvstor'") && type.getMessage().contains("memory, lmdb, mvstore")
                || type.getMessage().contains("memory, mvstore"), type.getMessage());
        ConfigException key = assertThrows(ConfigException.class,
                () -> KetchNode.start(config(dir, "{type: mvstore, sync-entris: 5}", 100), plugins(), Clock.system()));
        assertTrue(key.getMessage().contains("unknown key 'sync-entris'") && key.getMessage().contains("sync-entries"), key.getMessage());
        ConfigException memoryKey = assertThrows(ConfigException.class,
                () -> KetchNode.start(config(dir, "{type: memory, sync-entries: 5}", 100), plugins(), Clock.system()));
        assertTrue(memoryKey.getMessage().contains("takes no keys"), memoryKey.getMessage());
    }
}
