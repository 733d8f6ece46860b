package ketch.store.chronicle;

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

class ChronicleLogStoreProviderTest {
    private final ChronicleLogStoreProvider provider = new ChronicleLogStoreProvider();

    @TempDir
    Path dir;

    private LogStore create(Map<String, String> values) {
        return provider.create(new DefaultsPluginConfig("chronicle", values), new LogStoreProvider.Context(dir.resolve("data/log")));
    }

    @Test
    void describesItself() {
        assertEquals("chronicle", provider.type());
        assertTrue(provider.durable());
        assertEquals(Set.of("block-size", "segment-bytes"), provider.configKeys());
        assertTrue(provider.description().startsWith("chronicle"), provider.description());
    }

    @Test
    void isFoundThroughServiceLoader() {
        assertTrue(LogStoreProviders.byType("chronicle") instanceof ChronicleLogStoreProvider);
    }

    @Test
    void createsTheDirectoryTheQueueAndTheStateFile() {
        try (LogStore log = create(Map.of())) {
            assertEquals(0, log.lastIndex());
        }
        assertTrue(Files.isDirectory(dir.resolve("data/log/queue")));
        assertTrue(Files.isRegularFile(dir.resolve("data/log/state")));
    }

    @Test
    void honoursValidSizes() {
        try (LogStore log = create(Map.of("block-size", Long.toString(1L << 20), "segment-bytes", Long.toString(1L << 16)))) {
            assertEquals(1, log.firstIndex());
        }
    }

    @Test
    void refusesBadValuesNamingTheKeyAndTheValue() {
        assertRefused("block-size", "1000000", "got 1000000");
        assertRefused("block-size", Long.toString(1L << 19), "got " + (1L << 19));
        assertRefused("block-size", Long.toString(1L << 31), "got " + (1L << 31));
        assertRefused("block-size", "big", "'big'");
        assertRefused("segment-bytes", "65535", "got 65535");
        assertRefused("segment-bytes", "-1", "got -1");
        assertRefused("segment-bytes", Long.toString((1L << 40) + 1), "got " + ((1L << 40) + 1));
    }

    private void assertRefused(String key, String value, String mentions) {
        PluginConfigException e = assertThrows(PluginConfigException.class, () -> create(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(mentions), e.getMessage());
    }
}
