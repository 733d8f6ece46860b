package ketch.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * One LMDB environment in a directory with the log's two databases, and the rules for touching it
 * from many threads:
 *
 * <ul>
 *   <li>A write transaction begins and commits on one platform thread: LMDB's writer lock is a
 *       mutex owned by the thread that began the transaction. A platform caller runs it inline;
 *       a virtual caller (which may move between carrier threads mid-call) hands it to a platform
 *       thread owned by this class, created on first need.
 *   <li>Readers open a short read transaction per call, on their own thread; the environment is
 *       opened with {@code MDB_NOTLS}, so a reader slot belongs to the transaction, not the thread.
 *   <li>Growing the map needs no transaction active in the process: readers hold {@link #mapLock}'s
 *       read side while in a transaction, growth (and close) its write side.
 * </ul>
 */
final class LmdbEnvironment implements AutoCloseable {
    static final String ENTRIES_DB = "entries";
    static final String META_DB = "log-meta";
    /** Keeps a second owner (another process, or this one) out: LMDB must not be opened twice in one process. */
    static final String OWNER_LOCK_FILE = "ketch-owner.lock";
    private static final long PAGE = 4096;

    private final Path dir;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> entries;
    private final Dbi<ByteBuffer> meta;
    private final FileChannel ownerChannel;
    private final FileLock ownerLock;
    private final long maxMapSize;
    private final ReentrantReadWriteLock mapLock = new ReentrantReadWriteLock();
    private ExecutorService writer; // for virtual callers; guarded by this
    private volatile boolean closed;
    private long mapSize; // the writing thread only (one at a time)

    private LmdbEnvironment(Path dir, FileChannel ownerChannel, FileLock ownerLock, Env<ByteBuffer> env, long maxMapSize) {
        this.dir = dir;
        this.ownerChannel = ownerChannel;
        this.ownerLock = ownerLock;
        this.env = env;
        this.maxMapSize = maxMapSize;
        this.entries = env.openDbi(ENTRIES_DB, DbiFlags.MDB_CREATE);
        this.meta = env.openDbi(META_DB, DbiFlags.MDB_CREATE);
        this.mapSize = env.info().mapSize;
    }

    /**
     * Opens or creates the environment in {@code dir} (created if missing).
     *
     * @param mapSize the initial map size in bytes, rounded up to whole 4 KiB pages
     * @param maxMapSize the size the map may grow to when it fills
     * @param maxReaders the most read transactions open at once
     */
    static LmdbEnvironment open(Path dir, long mapSize, long maxMapSize, int maxReaders) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the log directory " + dir, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(OWNER_LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, dir);
            NativeLibrary.preferBundled();
            Env<ByteBuffer> env;
            try {
                env = Env.create(ByteBufferProxy.PROXY_SAFE)
                        .setMapSize(roundUpToPage(mapSize))
                        .setMaxDbs(2)
                        .setMaxReaders(maxReaders)
                        .open(dir.toFile(), EnvFlags.MDB_NOTLS);
            } catch (LmdbException e) {
                throw new IllegalStateException("cannot open the lmdb log in " + dir + ": " + e.getMessage(), e);
            }
            try {
                return new LmdbEnvironment(dir, channel, lock, env, Math.max(roundUpToPage(maxMapSize), roundUpToPage(mapSize)));
            } catch (RuntimeException e) {
                env.close();
                throw e;
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the log directory " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("the lmdb log in " + dir + " is already open (by this or another process)");
        }
        return lock;
    }

    Path dir() {
        return dir;
    }

    Dbi<ByteBuffer> entries() {
        return entries;
    }

    Dbi<ByteBuffer> meta() {
        return meta;
    }

    /** Runs {@code body} in a fresh read transaction on the calling thread. */
    <R> R read(Function<Txn<ByteBuffer>, R> body) {
        mapLock.readLock().lock();
        try {
            checkOpen();
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                return body.apply(txn);
            }
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /**
     * Runs {@code body} in one write transaction on a platform thread and commits it (LMDB's commit
     * writes the pages, fsyncs them, then writes the meta page synchronously). If the map fills,
     * the transaction is aborted, the map doubled and {@code body} run again, so it must build the
     * whole transaction from values it does not change.
     */
    void write(Consumer<Txn<ByteBuffer>> body) {
        checkOpen();
        if (!Thread.currentThread().isVirtual()) {
            writeOnThisThread(body);
            return;
        }
        Future<?> done = platformWriter().submit(() -> writeOnThisThread(body));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    // the commit cannot be called back half-way: wait for it, then pass the interrupt on
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new IllegalStateException("lmdb write failed in " + dir, e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private synchronized ExecutorService platformWriter() {
        if (writer == null) {
            writer = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform()
                    .name("lmdb-writer-" + dir.getFileName()).daemon(true).unstarted(r));
        }
        return writer;
    }

    private void writeOnThisThread(Consumer<Txn<ByteBuffer>> body) {
        while (true) {
            try (Txn<ByteBuffer> txn = env.txnWrite()) {
                body.accept(txn);
                txn.commit();
                return;
            } catch (Env.MapFullException e) {
                grow(); // the transaction was aborted by close(); run it again in a bigger map
            } catch (LmdbException e) {
                throw new UncheckedIOException("cannot commit the lmdb log in " + dir,
                        new IOException(e.getMessage(), e));
            }
        }
    }

    private void grow() {
        if (mapSize >= maxMapSize) {
            throw new IllegalStateException("the lmdb log in " + dir + " is full: its map reached max-map-size "
                    + maxMapSize + " bytes");
        }
        long next = Math.min(maxMapSize, mapSize * 2);
        mapLock.writeLock().lock();
        try {
            env.setMapSize(next);
            mapSize = next;
        } finally {
            mapLock.writeLock().unlock();
        }
    }

    /** The map size in bytes, for tests. */
    long mapSize() {
        mapLock.readLock().lock();
        try {
            checkOpen();
            return env.info().mapSize;
        } finally {
            mapLock.readLock().unlock();
        }
    }

    /** Encodes {@code index} as a key: 8 bytes big-endian, so LMDB's byte order is index order. */
    static ByteBuffer key(ByteBuffer direct, long index) {
        direct.clear();
        direct.order(ByteOrder.BIG_ENDIAN).putLong(index).flip();
        return direct;
    }

    static long index(ByteBuffer key) {
        return key.order(ByteOrder.BIG_ENDIAN).getLong(key.position());
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the lmdb log in " + dir + " is closed");
    }

    boolean isClosed() {
        return closed;
    }

    /** Waits for readers in a transaction, stops the writer thread, closes LMDB and releases the directory. */
    @Override
    public void close() {
        mapLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            stopPlatformWriter();
            env.close();
        } finally {
            mapLock.writeLock().unlock();
        }
        try {
            ownerLock.release();
        } catch (IOException e) {
            // closing the channel releases the lock too
        }
        closeQuietly(ownerChannel);
    }

    private synchronized void stopPlatformWriter() {
        if (writer == null) return;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the lmdb writer of " + dir + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long roundUpToPage(long bytes) {
        return (bytes + PAGE - 1) / PAGE * PAGE;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it; the lock goes with the channel
        }
    }
}
