package ketch.store.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfigException;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.logstore.LogStoreProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreLogStoreProviderTest {
    private final MvStoreLogStoreProvider provider = new MvStoreLogStoreProvider();

    @TempDir
    Path dir;

    private LogStore create(Map<String, String> values) {
        return provider.create(new DefaultsPluginConfig("mvstore", values), new LogStoreProvider.Context(dir.resolve("data/log")));
    }

    @Test
    void describesItself() {
        assertEquals("mvstore", provider.type());
        assertTrue(provider.durable());
        assertEquals(Set.of("file-name", "cache-size-mb", "auto-compact-fill-rate"), provider.configKeys());
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertTrue(LogStoreProviders.byType("mvstore") instanceof MvStoreLogStoreProvider);
    }

    @Test
    void createsTheDirectoryAndTheDefaultFile() {
        try (LogStore log = create(Map.of())) {
            assertEquals(0, log.lastIndex());
        }
        assertTrue(Files.isRegularFile(dir.resolve("data/log/raft-log.mv.db")));
    }

    @Test
    void honoursTheConfiguredFileName() {
        try (LogStore log = create(Map.of("file-name", "other.mv.db", "cache-size-mb", "4", "auto-compact-fill-rate", "0"))) {
            assertEquals(1, log.firstIndex());
        }
        assertTrue(Files.isRegularFile(dir.resolve("data/log/other.mv.db")));
    }

    @Test
    void refusesBadValuesNamingTheKeyAndTheValue() {
        assertRefused("file-name", "../escape.db", "'../escape.db'");
        assertRefused("file-name", " ", "plain file name");
        assertRefused("cache-size-mb", "0", "got 0");
        assertRefused("cache-size-mb", "lots", "'lots'");
        assertRefused("auto-compact-fill-rate", "101", "got 101");
        assertRefused("auto-compact-fill-rate", "-1", "got -1");
    }

    private void assertRefused(String key, String value, String mentions) {
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> create(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(mentions), e.getMessage());
    }
}
