package ketch.store.lmdb;

import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfig;

/**
 * {@code log-store: {type: lmdb}}: the Raft log in one LMDB environment ({@code data.mdb},
 * {@code lock.mdb}) in the node's log directory. Keys of its node.yaml section:
 *
 * <ul>
 *   <li>{@code map-size} — LMDB's initial map size, a byte size such as {@code 256MiB}; at least
 *       1 MiB. The file grows with the data, not with the map (the map is virtual address space),
 *       and a full map is doubled and the sync retried. Default 1 GiB.
 *   <li>{@code max-map-size} — the largest the map may grow to; a sync that needs more fails with
 *       "the lmdb log ... is full". At least {@code map-size}. Default 1 TiB.
 *   <li>{@code max-readers} — the most reads in progress at once (LMDB's reader table), 1..32768.
 *       Default 126.
 * </ul>
 *
 * <p>{@link #durable()} is true: every {@code sync()} is one LMDB commit with its default flags,
 * which fsyncs the data pages before it writes the meta page synchronously (see
 * {@link LmdbLogStore}). lmdbjava needs {@code --add-opens=java.base/java.nio=lmdbjava} and
 * {@code --add-exports=java.base/sun.nio.ch=lmdbjava} (or {@code ALL-UNNAMED} on the class path).
 */
public final class LmdbLogStoreProvider implements LogStoreProvider {
    public static final String TYPE = "lmdb";
    public static final String MAP_SIZE = "map-size";
    public static final String MAX_MAP_SIZE = "max-map-size";
    public static final String MAX_READERS = "max-readers";
    static final long MIB = 1024L * 1024;
    static final long DEFAULT_MAP_SIZE = 1024 * MIB;
    static final long DEFAULT_MAX_MAP_SIZE = 1024 * 1024 * MIB;
    static final long DEFAULT_MAX_READERS = 126;
    static final long MAX_MAX_READERS = 32_768;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(MAP_SIZE, MAX_MAP_SIZE, MAX_READERS);
    }

    @Override
    public String description() {
        return "lmdb: the Raft log in an LMDB environment, one fsynced commit per batch";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public LogStore create(PluginConfig config, Context context) {
        long mapSize = config.bytes(MAP_SIZE, DEFAULT_MAP_SIZE);
        if (mapSize < MIB) throw config.error(MAP_SIZE, "expected at least 1MiB (1048576 bytes), got " + mapSize);
        long maxMapSize = config.bytes(MAX_MAP_SIZE, Math.max(DEFAULT_MAX_MAP_SIZE, mapSize));
        if (maxMapSize < mapSize) {
            throw config.error(MAX_MAP_SIZE, "expected at least map-size (" + mapSize + " bytes), got " + maxMapSize);
        }
        long readers = config.longValue(MAX_READERS, DEFAULT_MAX_READERS);
        if (readers < 1 || readers > MAX_MAX_READERS) {
            throw config.error(MAX_READERS, "expected 1.." + MAX_MAX_READERS + ", got " + readers);
        }
        return LmdbLogStore.open(context.directory(), mapSize, maxMapSize, (int) readers);
    }
}
