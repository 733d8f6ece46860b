package ketch.api.spi;

import java.nio.file.Path;

/** Supplies a {@link LogStore}; chosen by {@code log-store: {type: ...}} in node.yaml. */
public interface LogStoreProvider extends Provider<LogStore, LogStoreProvider.Context> {

    /**
     * Whether {@link LogStore#sync()} really makes data durable (fsync or equivalent). A store
     * that cannot promise it returns false and the node refuses it where durability is required.
     */
    boolean durable();

    /** What the node gives a log store. */
    record Context(Path directory) {}
}
