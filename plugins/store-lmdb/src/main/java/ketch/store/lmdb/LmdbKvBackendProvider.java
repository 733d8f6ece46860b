package ketch.store.lmdb;

import java.util.Set;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBackendProvider;
import ketch.api.spi.PluginConfig;

/**
 * {@code backend: {type: lmdb}}: the MVCC keyspace in an LMDB environment in
 * {@code <data-dir>/member/backend}, one named database per bucket. Keys of its node.yaml section
 * (as the lmdb log store's): {@code map-size} (initial map, at least 1 MiB, default 1 GiB; doubled
 * when full), {@code max-map-size} (default 1 TiB), {@code max-readers} (1..32768, default 126).
 */
public final class LmdbKvBackendProvider implements KvBackendProvider {
    @Override
    public String type() {
        return LmdbLogStoreProvider.TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(LmdbLogStoreProvider.MAP_SIZE, LmdbLogStoreProvider.MAX_MAP_SIZE, LmdbLogStoreProvider.MAX_READERS);
    }

    @Override
    public String description() {
        return "lmdb: the keyspace in an LMDB environment, one unforced transaction per applied batch";
    }

    @Override
    public KvBackend create(PluginConfig config, Context context) {
        long mapSize = config.bytes(LmdbLogStoreProvider.MAP_SIZE, LmdbLogStoreProvider.DEFAULT_MAP_SIZE);
        if (mapSize < LmdbLogStoreProvider.MIB) {
            throw config.error(LmdbLogStoreProvider.MAP_SIZE, "expected at least 1MiB (1048576 bytes), got " + mapSize);
        }
        long maxMapSize = config.bytes(LmdbLogStoreProvider.MAX_MAP_SIZE, Math.max(LmdbLogStoreProvider.DEFAULT_MAX_MAP_SIZE, mapSize));
        if (maxMapSize < mapSize) {
            throw config.error(LmdbLogStoreProvider.MAX_MAP_SIZE, "expected at least map-size (" + mapSize + " bytes), got " + maxMapSize);
        }
        long readers = config.longValue(LmdbLogStoreProvider.MAX_READERS, LmdbLogStoreProvider.DEFAULT_MAX_READERS);
        if (readers < 1 || readers > LmdbLogStoreProvider.MAX_MAX_READERS) {
            throw config.error(LmdbLogStoreProvider.MAX_READERS, "expected 1.." + LmdbLogStoreProvider.MAX_MAX_READERS + ", got " + readers);
        }
        long pages = (mapSize + 4095) / 4096 * 4096;
        return LmdbKvBackend.open(context.directory(), pages, (maxMapSize + 4095) / 4096 * 4096, (int) readers);
    }
}
