package ketch.api.spi;

import java.nio.file.Path;

/**
 * Supplies a {@link KvBackend}; chosen by {@code backend: {type: ...}} in node.yaml. The node's
 * built-in {@code memory} type has no provider: it keeps the keyspace only in memory.
 */
public interface KvBackendProvider extends Provider<KvBackend, KvBackendProvider.Context> {

    /** What the node gives a backend: its own directory ({@code <data-dir>/member/backend}). */
    record Context(Path directory) {}
}
