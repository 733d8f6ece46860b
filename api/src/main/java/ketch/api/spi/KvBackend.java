package ketch.api.spi;

import java.util.Optional;
import ketch.api.Bytes;

/**
 * The persisted MVCC keyspace of one member (etcd keeps it in bbolt): named buckets, each an
 * ordered map of byte keys (unsigned lexicographic order, 1..{@value KvBatch#MAX_KEY_BYTES} bytes)
 * to byte values (any length the node sends, up to a few MiB). The node writes the
 * state machine's changes here so a restart loads it instead of replaying the whole Raft log.
 *
 * <p><b>Threading.</b> One writer: the node's apply lane calls {@link #commit}, {@link #sync} and
 * {@link #close}, never two at once. {@link #get}, {@link #scan} and {@link #sizeBytes} may be
 * called from any thread, also while the writer works, and see some whole committed batch (never
 * part of one). {@link #defragment} is called from another thread while the writer goes on.
 *
 * <p><b>Durability.</b> {@link #commit} is atomic but need not be durable (etcd's batch tx): a
 * crash may lose the last committed batches, never part of a batch. After {@link #sync} returns,
 * every earlier commit survives a crash (fsync or the library's equivalent). The node syncs before
 * it lets the Raft log be compacted past the applied index stored here, so a lost unsynced batch
 * is always replayed from the log.
 */
public interface KvBackend extends AutoCloseable {

    /** Applies every operation of {@code batch}, in order, atomically. Not necessarily durable. */
    void commit(KvBatch batch);

    /** Makes every earlier {@link #commit} durable. */
    void sync();

    /** The value of {@code key} in {@code bucket}, as last committed. */
    Optional<Bytes> get(String bucket, Bytes key);

    /**
     * Visits the entries of {@code bucket} with keys at or after {@code from}, in key order, until
     * the visitor returns false. A bucket never written is empty.
     */
    void scan(String bucket, Bytes from, Visitor visitor);

    /** Bytes the backend occupies on disk (etcd's db size). */
    long sizeBytes();

    /**
     * Reclaims free space (etcd's defragment). The content stays the same (including batches
     * committed meanwhile) and is durable afterwards. Called off the writer's thread, one at a
     * time; it may take as long as rewriting the live data, but should hold the writer back no
     * longer than a commit or two (the state machine's reads and applies wait on the writer).
     */
    void defragment();

    /** Releases the files; committed but unsynced batches may be lost only by a crash, not by close. */
    @Override
    void close();

    /** Receives one entry of a scan; returns false to stop. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(Bytes key, Bytes value);
    }
}
