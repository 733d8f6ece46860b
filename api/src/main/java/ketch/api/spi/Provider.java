package ketch.api.spi;

import java.util.Set;

/**
 * What every plugin provider has: the {@code type} that selects it in node.yaml, and the keys its
 * section accepts (besides {@code type}), so the node can refuse an unknown key before start.
 *
 * @param <T> what the provider creates
 * @param <C> the context the node hands it
 */
public interface Provider<T, C> {
    /** The value of {@code type:} that selects this provider, e.g. {@code mvstore}. */
    String type();

    /** The keys this provider's node.yaml section accepts, besides {@code type}. */
    Set<String> configKeys();

    /** One line for error messages and docs. */
    default String description() {
        return type();
    }

    /** Builds the plugin from its config section; throws {@link PluginConfigException} on bad values. */
    T create(PluginConfig config, C context);
}
