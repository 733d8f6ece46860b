package ketch.tck.logstore;

import java.util.ServiceLoader;
import ketch.api.spi.LogStoreProvider;

/** Finds log store providers the way the node does: through ServiceLoader, by {@code type()}. */
public final class LogStoreProviders {
    private LogStoreProviders() {}

    /** The provider whose {@code type()} is {@code type}; fails naming the types that were found. */
    public static LogStoreProvider byType(String type) {
        var found = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return found.stream()
                .filter(p -> p.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no log store provider of type '" + type + "'; found "
                        + found.stream().map(LogStoreProvider::type).toList()));
    }
}
