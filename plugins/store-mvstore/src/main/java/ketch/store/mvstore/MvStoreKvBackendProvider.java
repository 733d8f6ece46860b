package ketch.store.mvstore;

import java.util.Set;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.PluginConfig;

/**
 * {@code backend: {type: mvstore}}: the MVCC keyspace in one H2 MVStore file
 * ({@value #DEFAULT_FILE_NAME}) in {@code <data-dir>/member/backend}. Keys of its node.yaml
 * section:
 *
 * <ul>
 *   <li>{@code cache-size-mb} — MVStore's page cache in MiB, 1..65536. Default
 *       {@value #DEFAULT_CACHE_MB}.
 * </ul>
 */
public final class MvStoreKvBackendProvider implements KvBackendProvider {
    public static final String TYPE = "mvstore";
    public static final String CACHE_SIZE_MB = "cache-size-mb";
    static final String DEFAULT_FILE_NAME = "kv.mv.db";
    static final int DEFAULT_CACHE_MB = 16;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(CACHE_SIZE_MB);
    }

    @Override
    public String description() {
        return "mvstore: the keyspace in one H2 MVStore file, one commit per applied batch";
    }

    @Override
    public KvBackend create(PluginConfig config, Context context) {
        long cacheMb = config.longValue(CACHE_SIZE_MB, DEFAULT_CACHE_MB);
        if (cacheMb < 1 || cacheMb > 65536) throw config.error(CACHE_SIZE_MB, "expected 1..65536 (MiB), got " + cacheMb);
        return MvStoreKvBackend.open(context.directory().resolve(DEFAULT_FILE_NAME), (int) cacheMb);
    }
}
