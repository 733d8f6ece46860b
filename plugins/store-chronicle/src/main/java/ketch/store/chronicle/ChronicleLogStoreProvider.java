package ketch.store.chronicle;

import java.util.Set;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreProvider;
import ketch.api.spi.PluginConfig;

/**
 * {@code log-store: {type: chronicle}}: the Raft log as records of a Chronicle Queue in the node's
 * log directory ({@code queue/}), with the hard state and snapshot metadata in a two-slot
 * {@code state} file beside it. Keys of its node.yaml section:
 *
 * <ul>
 *   <li>{@code block-size} — Chronicle's memory-mapping chunk, a power of two from 1 MiB to 1 GiB.
 *       Default 16 MiB. The largest entry the store takes is a quarter of it.
 *   <li>{@code segment-bytes} — the queue starts a new cycle file once the current one holds this
 *       many bytes of records; compaction deletes whole cycle files. 64 KiB to 1 TiB. Default 64 MiB.
 * </ul>
 *
 * <p>The JVM must run with {@code --add-opens=java.base/java.lang.reflect=chronicle.core
 * --add-opens=java.base/sun.nio.ch=chronicle.core} (optionally
 * {@code --add-exports=java.base/jdk.internal.ref=chronicle.core}) and
 * {@code -Dchronicle.analytics.disable=true}; the image also needs {@code java.management} and
 * {@code jdk.unsupported}. {@link #durable()} is true: see {@link ChronicleLogStore} for what
 * Chronicle's own sync modes guarantee and why {@code sync()} forces the files itself.
 */
public final class ChronicleLogStoreProvider implements LogStoreProvider {
    public static final String TYPE = "chronicle";
    public static final String BLOCK_SIZE = "block-size";
    public static final String SEGMENT_BYTES = "segment-bytes";
    static final long DEFAULT_BLOCK_SIZE = 16L << 20;
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    static {
        // Chronicle's analytics would try to reach the network from a storage plugin; off unless the operator says otherwise
        if (System.getProperty("chronicle.analytics.disable") == null) System.setProperty("chronicle.analytics.disable", "true");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(BLOCK_SIZE, SEGMENT_BYTES);
    }

    @Override
    public String description() {
        return "chronicle: the Raft log as Chronicle Queue records, fsynced per batch";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public LogStore create(PluginConfig config, Context context) {
        long blockSize = config.bytes(BLOCK_SIZE, DEFAULT_BLOCK_SIZE);
        if (blockSize < 1L << 20 || blockSize > 1L << 30 || Long.bitCount(blockSize) != 1) {
            throw config.error(BLOCK_SIZE, "expected a power of two from 1MiB to 1GiB, got " + blockSize);
        }
        long segmentBytes = config.bytes(SEGMENT_BYTES, DEFAULT_SEGMENT_BYTES);
        if (segmentBytes < 1L << 16 || segmentBytes > 1L << 40) {
            throw config.error(SEGMENT_BYTES, "expected 64KiB to 1TiB, got " + segmentBytes);
        }
        return ChronicleLogStore.open(context.directory(), blockSize, segmentBytes);
    }
}
