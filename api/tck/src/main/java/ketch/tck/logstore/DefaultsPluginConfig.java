package ketch.tck.logstore;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.PluginConfigException;

/**
 * A plugin section holding only {@code type} and the given string values: every other getter
 * answers its default. What the crash child and the benchmark hand a provider.
 */
public record DefaultsPluginConfig(String type, Map<String, String> values) implements PluginConfig {
    public DefaultsPluginConfig {
        values = Map.copyOf(values);
    }

    public static DefaultsPluginConfig of(String type) {
        return new DefaultsPluginConfig(type, Map.of());
    }

    @Override
    public String origin() {
        return "defaults";
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public String string(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    @Override
    public long longValue(String key, long defaultValue) {
        String v = values.get(key);
        if (v == null) return defaultValue;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw error(key, "expected a whole number, got '" + v + "'");
        }
    }

    @Override
    public boolean bool(String key, boolean defaultValue) {
        String v = values.get(key);
        if (v == null) return defaultValue;
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        throw error(key, "expected true or false, got '" + v + "'");
    }

    @Override
    public Duration duration(String key, Duration defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : Duration.ofMillis(longValue(key, 0));
    }

    @Override
    public long bytes(String key, long defaultValue) {
        return longValue(key, defaultValue);
    }

    @Override
    public List<String> strings(String key) {
        String v = values.get(key);
        return v == null ? List.of() : List.of(v.split(","));
    }

    @Override
    public PluginConfigException error(String key, String message) {
        return new PluginConfigException(origin() + ": " + type + "." + key + ": " + message);
    }
}
