package ketch.api.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One plugin's section of node.yaml, typed. Every getter validates the value next to its key and
 * throws {@link PluginConfigException} naming the file, line and key when it is wrong.
 */
public interface PluginConfig {
    /** The section's {@code type}. */
    String type();

    /** Where the section came from, e.g. {@code node.yaml:12} or {@code defaults}. */
    String origin();

    Set<String> keys();

    Optional<String> string(String key);

    String string(String key, String defaultValue);

    long longValue(String key, long defaultValue);

    boolean bool(String key, boolean defaultValue);

    /** A duration written as {@code 100ms}, {@code 5s}, {@code 2m}, or a bare number of milliseconds. */
    Duration duration(String key, Duration defaultValue);

    /** A size written as {@code 4096}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB}. */
    long bytes(String key, long defaultValue);

    List<String> strings(String key);

    /** A failure about {@code key} in this section, with its file and line. */
    PluginConfigException error(String key, String message);
}
