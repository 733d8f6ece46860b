package ketch.store.mvstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;

/**
 * A {@link KvBackend} in one H2 MVStore file: one MVMap per bucket (named {@code bucket.<name>}),
 * keys compared as unsigned bytes by {@link ByteArrayDataType}.
 *
 * <p><b>Atomicity and durability.</b> The store is opened with auto-commit off (no background
 * thread, no commit from {@code put} when the buffer fills), so the only commits are the ones
 * {@link #commit} makes after a whole batch: a crash finds the file at some earlier batch's end,
 * never within one. {@code MVStore.commit()} writes the chunk without forcing it; {@link #sync}
 * forces the file ({@code FileChannel.force}).
 *
 * <p><b>Threads.</b> MVMap changes are visible to readers at once, so the writer applies a batch
 * under {@link #batchLock}'s write side and readers read under its read side: a reader sees whole
 * batches only.
 */
final class MvStoreKvBackend implements KvBackend {
    private static final String MAP_PREFIX = "bucket.";
    /** How long {@link #defragment} may spend moving chunks to shrink the file. */
    private static final int DEFRAGMENT_MILLIS = 60_000;

    private final Path file;
    private final MVStore store;
    private final Map<String, MVMap<byte[], byte[]>> maps = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock batchLock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private MvStoreKvBackend(Path file, MVStore store) {
        this.file = file;
        this.store = store;
    }

    static MvStoreKvBackend open(Path file, int cacheSizeMb) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backend directory " + file.getParent(), e);
        }
        boolean created = !Files.exists(file);
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(file.toAbsolutePath().toString())
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .cacheSize(cacheSizeMb)
                    .open();
        } catch (MVStoreException e) {
            throw new IllegalStateException("cannot open the mvstore backend " + file + ": " + e.getMessage(), e);
        }
        store.setRetentionTime(0); // every chunk a crash could need is forced before it dies
        if (created) {
            store.commit();
            store.sync();
            MvStoreLogStore.forceDirectory(file.toAbsolutePath().getParent());
        }
        return new MvStoreKvBackend(file, store);
    }

    /** The bucket's map, opened on first use; absent when {@code create} is false and it never existed. */
    private Optional<MVMap<byte[], byte[]>> map(String bucket, boolean create) {
        KvBatch.checkBucket(bucket);
        MVMap<byte[], byte[]> open = maps.get(bucket);
        if (open != null) return Optional.of(open);
        String name = MAP_PREFIX + bucket;
        if (!create && !store.hasMap(name)) return Optional.empty();
        return Optional.of(maps.computeIfAbsent(bucket, b -> store.openMap(name,
                new MVMap.Builder<byte[], byte[]>().keyType(ByteArrayDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE))));
    }

    @Override
    public void commit(KvBatch batch) {
        checkOpen();
        if (batch.isEmpty()) return;
        batchLock.writeLock().lock();
        try {
            for (KvBatch.Op op : batch.ops()) {
                switch (op) {
                    case KvBatch.Put p -> map(p.bucket(), true).orElseThrow().put(p.key().toByteArray(), p.value().toByteArray());
                    case KvBatch.Delete d -> map(d.bucket(), false).ifPresent(m -> m.remove(d.key().toByteArray()));
                    case KvBatch.Clear c -> map(c.bucket(), false).ifPresent(MVMap::clear);
                }
            }
            store.commit();
        } catch (MVStoreException e) {
            throw new UncheckedIOException("cannot commit to the mvstore backend " + file, new IOException(e.getMessage(), e));
        } finally {
            batchLock.writeLock().unlock();
        }
    }

    @Override
    public void sync() {
        checkOpen();
        try {
            store.sync();
        } catch (MVStoreException e) {
            throw new UncheckedIOException("cannot sync the mvstore backend " + file, new IOException(e.getMessage(), e));
        }
    }

    @Override
    public Optional<Bytes> get(String bucket, Bytes key) {
        checkOpen();
        batchLock.readLock().lock();
        try {
            return map(bucket, false).map(m -> m.get(key.toByteArray())).map(Bytes::wrap);
        } finally {
            batchLock.readLock().unlock();
        }
    }

    @Override
    public void scan(String bucket, Bytes from, Visitor visitor) {
        checkOpen();
        batchLock.readLock().lock();
        try {
            Optional<MVMap<byte[], byte[]>> map = map(bucket, false);
            if (map.isEmpty()) return;
            Iterator<byte[]> keys = map.get().keyIterator(from.toByteArray());
            while (keys.hasNext()) {
                byte[] key = keys.next();
                byte[] value = map.get().get(key);
                if (value != null && !visitor.visit(Bytes.wrap(key), Bytes.wrap(value))) return;
            }
        } finally {
            batchLock.readLock().unlock();
        }
    }

    @Override
    public long sizeBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }

    /** Re-writes live pages out of sparse chunks and moves chunks to the start, then shrinks the file. */
    @Override
    public void defragment() {
        checkOpen();
        batchLock.writeLock().lock();
        try {
            store.compact(100, Integer.MAX_VALUE);
            store.commit();
            store.compactFile(DEFRAGMENT_MILLIS);
            store.commit();
            store.sync();
        } catch (MVStoreException e) {
            throw new UncheckedIOException("cannot defragment the mvstore backend " + file, new IOException(e.getMessage(), e));
        } finally {
            batchLock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        batchLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            store.close(); // commits and forces what is left
        } finally {
            batchLock.writeLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the mvstore backend " + file + " is closed");
    }
}
