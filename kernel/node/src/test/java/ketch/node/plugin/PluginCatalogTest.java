package ketch.node.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfig;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import org.junit.jupiter.api.Test;

class PluginCatalogTest {
    private record NamedStore(String type, Set<String> configKeys) implements LogStoreProvider {
        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public LogStore create(PluginConfig config, Context context) {
            throw new AssertionError("not created in this test");
        }
    }

    private final NamedStore mvstore = new NamedStore("mvstore", Set.of("file-name", "cache-size-mb"));
    private final PluginCatalog catalog = PluginCatalog.of(List.of(mvstore, new NamedStore("lmdb", Set.of())), List.of(), List.of());

    @Test
    void choosesByType() {
        NodeConfig c = NodeConfigLoader.fromYaml("log-store: {type: mvstore, file-name: x.db}\n", "node.yaml");
        assertSame(mvstore, catalog.logStore(c.logStore()));
    }

    @Test
    void unknownTypeNamesLineAndChoices() {
        NodeConfig c = NodeConfigLoader.fromYaml("name: n1\nlog-store:\n  type: mvstor\n", "node.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> catalog.logStore(c.logStore()));
        assertEquals("node.yaml:3: unknown log-store type 'mvstor'; did you mean 'mvstore'?; installed: lmdb, mvstore", e.getMessage());
    }

    @Test
    void unknownKeyInASectionNamesLineAndValidKeys() {
        NodeConfig c = NodeConfigLoader.fromYaml("log-store:\n  type: mvstore\n  file-nmae: x\n", "node.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> catalog.logStore(c.logStore()));
        assertEquals("node.yaml:3: unknown key 'file-nmae' for log-store type 'mvstore'; did you mean 'file-name'?; "
                + "valid keys: type, cache-size-mb, file-name", e.getMessage());
    }

    @Test
    void noProvidersInstalledSaysSo() {
        NodeConfig c = NodeConfigLoader.fromYaml("transport: websocket\n", "node.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> catalog.transport(c.transport()));
        assertEquals("node.yaml:1: unknown transport type 'websocket'; none are installed", e.getMessage());
    }
}
