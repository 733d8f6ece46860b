package ketch.node.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/configuration.md names every key the loader accepts, and the samples in config/ load. */
class ConfigurationDocsTest {
    private static final Path ROOT = Path.of("../..");

    @Test
    void everyKeyIsDocumented() throws Exception {
        String docs = Files.readString(ROOT.resolve("docs/configuration.md"));
        List<String> missing = Key.names().stream().filter(k -> !docs.contains("`" + k + "`")).toList();
        assertTrue(missing.isEmpty(), "keys missing from docs/configuration.md: " + missing);
    }

    @Test
    void everySampleLoads() throws Exception {
        try (var files = Files.list(ROOT.resolve("config"))) {
            List<Path> samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertTrue(samples.size() >= 4, "samples: " + samples);
            for (Path sample : samples) {
                NodeConfig c = NodeConfigLoader.load(CommandLine.parse(List.of("--config-file", sample.toString())), java.util.Map.of());
                assertTrue(c.warnings().isEmpty(), sample + " warns: " + c.warnings());
            }
        }
    }
}
