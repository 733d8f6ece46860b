package ketch.store.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfigException;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmdbLogStoreProviderTest {
    private final LmdbLogStoreProvider provider = new LmdbLogStoreProvider();

    @TempDir
    Path dir;

    private LogStore create(Map<String, String> values) {
        return provider.create(new DefaultsPluginConfig("lmdb", values), new LogStoreProvider.Context(dir.resolve("data/log")));
    }

    @Test
    void describesItself() {
        assertEquals("lmdb", provider.type());
        assertTrue(provider.durable());
        assertEquals(Set.of("map-size", "max-map-size", "max-readers"), provider.configKeys());
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertTrue(LogStoreProviders.byType("lmdb") instanceof LmdbLogStoreProvider);
    }

    @Test
    void createsTheDirectoryAndTheEnvironment() {
        try (LogStore log = create(Map.of())) {
            assertEquals(0, log.lastIndex());
            assertEquals(LmdbLogStoreProvider.DEFAULT_MAP_SIZE, ((LmdbLogStore) log).mapSize());
        }
        assertTrue(Files.isRegularFile(dir.resolve("data/log/data.mdb")));
        assertTrue(Files.isRegularFile(dir.resolve("data/log/lock.mdb")));
    }

    @Test
    void honoursTheConfiguredSizes() {
        try (LogStore log = create(Map.of("map-size", "2097152", "max-map-size", "4194304", "max-readers", "8"))) {
            assertEquals(2L * 1024 * 1024, ((LmdbLogStore) log).mapSize());
        }
    }

    @Test
    void refusesBadValuesNamingTheKeyAndTheValue() {
        assertRefused(Map.of("map-size", "0"), "map-size", "got 0");
        assertRefused(Map.of("map-size", "4096"), "map-size", "got 4096");
        assertRefused(Map.of("map-size", "lots"), "map-size", "'lots'");
        assertRefused(Map.of("map-size", "2097152", "max-map-size", "1048576"), "max-map-size", "got 1048576");
        assertRefused(Map.of("max-readers", "0"), "max-readers", "got 0");
        assertRefused(Map.of("max-readers", "40000"), "max-readers", "got 40000");
        assertRefused(Map.of("max-readers", "many"), "max-readers", "'many'");
        assertTrue(Files.notExists(dir.resolve("data/log")), "a refused config must not create the store");
    }

    @Test
    void findsALibraryBundledInARuntimeImage() throws Exception {
        Path image = dir.resolve("image");
        assertEquals(Optional.empty(), NativeLibrary.bundled(image, "lmdb"));
        Files.createDirectories(image.resolve("lib"));
        Path lib = Files.createFile(image.resolve("lib").resolve(System.mapLibraryName("lmdb")));
        assertEquals(Optional.of(lib.toAbsolutePath()), NativeLibrary.bundled(image, "lmdb"));
        assertEquals(Optional.empty(), NativeLibrary.bundled(image, "jffi-1.2"));
    }

    private void assertRefused(Map<String, String> values, String key, String mentions) {
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> create(values));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(mentions), e.getMessage());
    }
}
