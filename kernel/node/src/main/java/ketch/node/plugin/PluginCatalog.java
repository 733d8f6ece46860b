package ketch.node.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.ServiceLoader;
import java.util.TreeMap;
import ketch.api.spi.FrontEndProvider;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.Provider;
import ketch.api.spi.TransportProvider;
import ketch.node.config.ConfigException;
import ketch.node.config.SectionConfig;
import ketch.node.config.Suggest;

/**
 * The plugins installed in this runtime, found by ServiceLoader (the only place in Ketch that uses
 * it) and chosen by their {@code type}. Resolving a section also checks its keys against the
 * provider's, so a typo stops the node before anything starts.
 */
public final class PluginCatalog {
    private final Map<String, LogStoreProvider> logStores;
    private final Map<String, TransportProvider> transports;
    private final Map<String, FrontEndProvider> frontEnds;
    private final Map<String, KvBackendProvider> backends;

    private PluginCatalog(List<LogStoreProvider> logStores, List<TransportProvider> transports, List<FrontEndProvider> frontEnds,
            List<KvBackendProvider> backends) {
        this.logStores = byType("log-store", logStores);
        this.transports = byType("transport", transports);
        this.frontEnds = byType("front-ends", frontEnds);
        this.backends = byType("backend", backends);
        if (this.backends.containsKey(MEMORY_BACKEND)) {
            throw new ConfigException("backend plugin " + this.backends.get(MEMORY_BACKEND).getClass().getName()
                    + " claims type 'memory', which is built in");
        }
    }

    /** The built-in backend type: the keyspace only in memory, rebuilt from snapshot + log at start. */
    public static final String MEMORY_BACKEND = "memory";

    /** Every provider visible to the node's module layer. */
    public static PluginCatalog installed() {
        return new PluginCatalog(load(LogStoreProvider.class), load(TransportProvider.class), load(FrontEndProvider.class),
                load(KvBackendProvider.class));
    }

    /** A catalog of the given providers and no persistent backend (for tests and embedding). */
    public static PluginCatalog of(List<LogStoreProvider> logStores, List<TransportProvider> transports, List<FrontEndProvider> frontEnds) {
        return new PluginCatalog(logStores, transports, frontEnds, List.of());
    }

    /** A catalog of the given providers (for tests and embedding). */
    public static PluginCatalog of(List<LogStoreProvider> logStores, List<TransportProvider> transports, List<FrontEndProvider> frontEnds,
            List<KvBackendProvider> backends) {
        return new PluginCatalog(logStores, transports, frontEnds, backends);
    }

    /**
     * The backend's provider, or empty for the built-in {@code memory} type. Besides the provider's
     * own keys a persistent backend's section takes {@code nodeKeys} (read by the node).
     */
    public Optional<KvBackendProvider> backend(SectionConfig section, Set<String> nodeKeys) {
        if (section.type().equals(MEMORY_BACKEND)) {
            for (String key : section.keys()) {
                throw ConfigException.at(section.originOf(key), "unknown key '" + key + "' for backend type 'memory'; it takes no keys besides type");
            }
            return Optional.empty();
        }
        KvBackendProvider provider = backends.get(section.type());
        if (provider == null) {
            List<String> choices = new ArrayList<>(List.of(MEMORY_BACKEND));
            choices.addAll(backends.keySet());
            throw ConfigException.at(section.origin(), "unknown backend type '" + section.type() + "'"
                    + Suggest.didYouMean(section.type(), new java.util.TreeSet<>(choices)) + "; installed: " + String.join(", ", choices));
        }
        Set<String> valid = new java.util.TreeSet<>(provider.configKeys());
        valid.addAll(nodeKeys);
        for (String key : section.keys()) {
            if (!valid.contains(key)) {
                throw ConfigException.at(section.originOf(key), "unknown key '" + key + "' for backend type '" + section.type() + "'"
                        + Suggest.didYouMean(key, valid) + "; valid keys: type, " + String.join(", ", valid));
            }
        }
        return Optional.of(provider);
    }

    /** Every backend type: memory and the installed persistent ones. */
    public List<String> backendTypes() {
        List<String> out = new ArrayList<>(List.of(MEMORY_BACKEND));
        out.addAll(backends.keySet());
        return out;
    }

    public LogStoreProvider logStore(SectionConfig section) {
        return resolve(section, logStores);
    }

    public TransportProvider transport(SectionConfig section) {
        return resolve(section, transports);
    }

    public FrontEndProvider frontEnd(SectionConfig section) {
        return resolve(section, frontEnds);
    }

    /** Every installed front end, by type: the default when node.yaml lists none. */
    public List<FrontEndProvider> allFrontEnds() {
        return List.copyOf(frontEnds.values());
    }

    public List<String> logStoreTypes() {
        return List.copyOf(logStores.keySet());
    }

    public List<String> transportTypes() {
        return List.copyOf(transports.keySet());
    }

    public List<String> frontEndTypes() {
        return List.copyOf(frontEnds.keySet());
    }

    private static <P extends Provider<?, ?>> P resolve(SectionConfig section, Map<String, P> providers) {
        P provider = providers.get(section.type());
        if (provider == null) {
            String choices = providers.isEmpty() ? "none are installed" : "installed: " + String.join(", ", providers.keySet());
            throw ConfigException.at(section.origin(), "unknown " + section.sectionName() + " type '" + section.type() + "'"
                    + Suggest.didYouMean(section.type(), providers.keySet()) + "; " + choices);
        }
        for (String key : section.keys()) {
            if (!provider.configKeys().contains(key)) {
                String valid = provider.configKeys().isEmpty() ? "it takes no keys besides type"
                        : "valid keys: type, " + String.join(", ", sorted(provider.configKeys()));
                throw ConfigException.at(section.originOf(key), "unknown key '" + key + "' for " + section.sectionName()
                        + " type '" + section.type() + "'" + Suggest.didYouMean(key, provider.configKeys()) + "; " + valid);
            }
        }
        return provider;
    }

    private static List<String> sorted(java.util.Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static <P> List<P> load(Class<P> kind) {
        List<P> out = new ArrayList<>();
        ServiceLoader.load(kind).forEach(out::add);
        return out;
    }

    private static <P extends Provider<?, ?>> Map<String, P> byType(String what, List<P> providers) {
        Map<String, P> map = new TreeMap<>();
        for (P p : providers) {
            P clash = map.put(p.type(), p);
            if (clash != null) {
                throw new ConfigException("two " + what + " plugins claim type '" + p.type() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return map;
    }
}
