package ketch.node.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.PluginConfigException;

/** One plugin section of node.yaml ({@code log-store}, {@code transport}, a front end), typed for its plugin. */
public final class SectionConfig implements PluginConfig {
    private final String sectionName;
    private final String type;
    private final String origin;
    private final Map<String, ConfigNode> entries;
    private final Map<String, String> keyOrigins;

    public SectionConfig(String sectionName, String type, String origin, Map<String, ConfigNode> entries, Map<String, String> keyOrigins) {
        this.sectionName = sectionName;
        this.type = type;
        this.origin = origin;
        this.entries = new LinkedHashMap<>(entries);
        this.keyOrigins = new LinkedHashMap<>(keyOrigins);
    }

    /** A section with only a type, as the defaults produce. */
    public static SectionConfig ofType(String sectionName, String type, String origin) {
        return new SectionConfig(sectionName, type, origin, Map.of(), Map.of());
    }

    /** Reads {@code section: {type: x, ...}} or the shorthand {@code section: x}. */
    public static SectionConfig parse(String sectionName, ConfigNode node) {
        return switch (node) {
            case ConfigNode.Scalar s -> {
                if (s.value().isBlank()) throw Values.bad(sectionName, node, "a plugin type", "");
                yield ofType(sectionName, s.value().trim(), s.origin());
            }
            case ConfigNode.Mapping m -> {
                ConfigNode typeNode = m.entries().get("type");
                if (typeNode == null) {
                    throw ConfigException.at(m.origin(), "section '" + sectionName + "' needs a 'type' key naming its plugin");
                }
                String type = Values.string(sectionName + ".type", typeNode).trim();
                Map<String, ConfigNode> rest = new LinkedHashMap<>(m.entries());
                rest.remove("type");
                yield new SectionConfig(sectionName, type, typeNode.origin(), rest, m.keyOrigins());
            }
            default -> throw Values.wrongKind(sectionName, node, "a section such as {type: ...}");
        };
    }

    public String sectionName() {
        return sectionName;
    }

    /** Where a key of this section was written. */
    public String originOf(String key) {
        return keyOrigins.getOrDefault(key, origin);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String origin() {
        return origin;
    }

    @Override
    public Set<String> keys() {
        return entries.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        ConfigNode node = entries.get(key);
        return node == null ? Optional.empty() : Optional.of(Values.string(qualified(key), node));
    }

    @Override
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    @Override
    public long longValue(String key, long defaultValue) {
        ConfigNode node = entries.get(key);
        return node == null ? defaultValue : wrap(() -> Values.wholeNumber(qualified(key), node, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        ConfigNode node = entries.get(key);
        return node == null ? defaultValue : wrap(() -> Values.bool(qualified(key), node));
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        ConfigNode node = entries.get(key);
        return node == null ? defaultValue : wrap(() -> Values.duration(qualified(key), node));
    }

    @Override
    public long bytes(String key, long defaultValue) {
        ConfigNode node = entries.get(key);
        return node == null ? defaultValue : wrap(() -> Values.bytes(qualified(key), node, 0, Long.MAX_VALUE));
    }

    @Override
    public List<String> strings(String key) {
        ConfigNode node = entries.get(key);
        return node == null ? List.of() : wrap(() -> Values.strings(qualified(key), node));
    }

    @Override
    public PluginConfigException error(String key, String message) {
        return new PluginConfigException(originOf(key) + ": key '" + qualified(key) + "': " + message);
    }

    private String qualified(String key) {
        return sectionName + "." + key;
    }

    private static <T> T wrap(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigException e) {
            throw new PluginConfigException(e.getMessage());
        }
    }
}
