package ketch.store.mvstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfig;

/**
 * {@code log-store: {type: mvstore}}: the Raft log in one H2 MVStore file in the node's data
 * directory. Keys of its node.yaml section:
 *
 * <ul>
 *   <li>{@code file-name} — the file's name inside the log directory; a plain name, no path.
 *       Default {@value #DEFAULT_FILE_NAME}.
 *   <li>{@code cache-size-mb} — MVStore's page cache in MiB, 1..65536. Default
 *       {@value #DEFAULT_CACHE_MB}. Reads of recent entries rarely leave it.
 *   <li>{@code auto-compact-fill-rate} — re-write file chunks whose live share is below this
 *       percentage, 0..100; 0 turns file compaction off (the file then only grows). Default
 *       {@value #DEFAULT_FILL_RATE}.
 * </ul>
 */
public final class MvStoreLogStoreProvider implements LogStoreProvider {
    public static final String TYPE = "mvstore";
    public static final String FILE_NAME = "file-name";
    public static final String CACHE_SIZE_MB = "cache-size-mb";
    public static final String AUTO_COMPACT_FILL_RATE = "auto-compact-fill-rate";
    static final String DEFAULT_FILE_NAME = "raft-log.mv.db";
    static final int DEFAULT_CACHE_MB = 16;
    static final int DEFAULT_FILL_RATE = 90;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(FILE_NAME, CACHE_SIZE_MB, AUTO_COMPACT_FILL_RATE);
    }

    @Override
    public String description() {
        return "mvstore: the Raft log in one H2 MVStore file, fsynced per batch";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public LogStore create(PluginConfig config, Context context) {
        String name = config.string(FILE_NAME, DEFAULT_FILE_NAME);
        if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw config.error(FILE_NAME, "expected a plain file name such as " + DEFAULT_FILE_NAME + ", got '" + name + "'");
        }
        long cacheMb = config.longValue(CACHE_SIZE_MB, DEFAULT_CACHE_MB);
        if (cacheMb < 1 || cacheMb > 65536) {
            throw config.error(CACHE_SIZE_MB, "expected 1..65536 (MiB), got " + cacheMb);
        }
        long fillRate = config.longValue(AUTO_COMPACT_FILL_RATE, DEFAULT_FILL_RATE);
        if (fillRate < 0 || fillRate > 100) {
            throw config.error(AUTO_COMPACT_FILL_RATE, "expected a percentage 0..100, got " + fillRate);
        }
        Path dir = context.directory();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + dir, e);
        }
        return MvStoreLogStore.open(dir.resolve(name), (int) cacheMb, (int) fillRate);
    }
}
