package ketch.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/**
 * A {@link KvBackend} in one LMDB environment ({@code data.mdb}): one named database per bucket,
 * keys in LMDB's default order (memcmp: unsigned bytes).
 *
 * <p><b>Atomicity and durability.</b> The environment is opened with {@code MDB_NOSYNC}: each
 * {@link #commit} is one write transaction, atomic (LMDB's copy-on-write pages and meta page
 * switch) but not forced; {@link #sync} is {@code mdb_env_sync(force)}, an fsync of the data file.
 * With {@code MDB_NOSYNC} LMDB may lose the last transactions at a crash but keeps the database
 * consistent (the meta page points to a complete tree).
 *
 * <p><b>Threads.</b> Write transactions begin and commit on the writer's thread, which must be a
 * platform thread (LMDB's writer lock is owned by a thread); {@link #defragment} runs on another
 * thread while the writer goes on. Readers use their own short read
 * transaction ({@code MDB_NOTLS}), so they see the last committed batch. Growing the map and
 * swapping in a defragmented file need no transaction open: readers hold {@link #envLock}'s read
 * side, those two its write side.
 */
final class LmdbKvBackend implements KvBackend {
    static final String DATA_FILE = "data.mdb";
    private static final String OWNER_LOCK_FILE = "ketch-owner.lock";
    private static final int MAX_BUCKETS = 32;
    private static final int MAX_KEY = 511; // LMDB's default maximum key size

    private final Path dir;
    private final long maxMapSize;
    private final int maxReaders;
    private final FileChannel ownerChannel;
    private final ReentrantReadWriteLock envLock = new ReentrantReadWriteLock();
    private final Map<String, Dbi<ByteBuffer>> dbis = new ConcurrentHashMap<>();
    private final ByteBuffer writeKey = ByteBuffer.allocateDirect(MAX_KEY);
    /** Held by each commit; a defragment holds it only to catch up and swap files. */
    private final java.util.concurrent.locks.ReentrantLock writeLock = new java.util.concurrent.locks.ReentrantLock();
    private java.util.List<KvBatch> recording; // batches committed while a defragment copies; guarded by writeLock
    private Env<ByteBuffer> env; // replaced only under envLock's write side
    private long mapSize;
    private volatile boolean closed;

    private LmdbKvBackend(Path dir, FileChannel ownerChannel, long mapSize, long maxMapSize, int maxReaders) {
        this.dir = dir;
        this.ownerChannel = ownerChannel;
        this.mapSize = mapSize;
        this.maxMapSize = maxMapSize;
        this.maxReaders = maxReaders;
        this.env = openEnv();
    }

    static LmdbKvBackend open(Path dir, long mapSize, long maxMapSize, int maxReaders) {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(OWNER_LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) throw new IllegalStateException("the lmdb backend in " + dir + " is already open (by this or another process)");
                NativeLibrary.preferBundled();
                return new LmdbKvBackend(dir, channel, mapSize, Math.max(mapSize, maxMapSize), maxReaders);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lmdb backend in " + dir, e);
        }
    }

    private Env<ByteBuffer> openEnv() {
        try {
            Env<ByteBuffer> opened = Env.create(ByteBufferProxy.PROXY_SAFE)
                    .setMapSize(mapSize)
                    .setMaxDbs(MAX_BUCKETS)
                    .setMaxReaders(maxReaders)
                    .open(dir.toFile(), EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC);
            mapSize = Math.max(mapSize, opened.info().mapSize);
            for (byte[] name : opened.getDbiNames()) {
                String bucket = new String(name, StandardCharsets.UTF_8);
                dbis.put(bucket, opened.openDbi(name));
            }
            return opened;
        } catch (LmdbException e) {
            throw new IllegalStateException("cannot open the lmdb backend in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void commit(KvBatch batch) {
        checkOpen();
        if (batch.isEmpty()) return;
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("the lmdb backend's writer must be a platform thread (LMDB's writer lock belongs to a thread)");
        }
        writeLock.lock();
        try {
            for (KvBatch.Op op : batch.ops()) {
                if (op instanceof KvBatch.Put p && !dbis.containsKey(p.bucket())) createBucket(p.bucket());
            }
            while (true) {
                try (Txn<ByteBuffer> txn = env.txnWrite()) {
                    for (KvBatch.Op op : batch.ops()) apply(txn, op, dbis, writeKey);
                    txn.commit();
                    break;
                } catch (Env.MapFullException e) {
                    grow(); // the aborted transaction runs again in a bigger map
                } catch (LmdbException e) {
                    throw new UncheckedIOException("cannot commit to the lmdb backend in " + dir, new IOException(e.getMessage(), e));
                }
            }
            if (recording != null) recording.add(batch);
        } finally {
            writeLock.unlock();
        }
    }

    private static void apply(Txn<ByteBuffer> txn, KvBatch.Op op, Map<String, Dbi<ByteBuffer>> dbis, ByteBuffer writeKey) {
        switch (op) {
            case KvBatch.Put p -> {
                ByteBuffer value = dbis.get(p.bucket()).reserve(txn, key(writeKey, p.key()), p.value().size());
                byte[] bytes = p.value().toByteArray();
                value.put(bytes);
            }
            case KvBatch.Delete d -> {
                Dbi<ByteBuffer> dbi = dbis.get(d.bucket());
                if (dbi != null) dbi.delete(txn, key(writeKey, d.key()));
            }
            case KvBatch.Clear c -> {
                Dbi<ByteBuffer> dbi = dbis.get(c.bucket());
                if (dbi != null) dbi.drop(txn); // empties it, keeps the database
            }
        }
    }

    /** Opens a new named database; no read transaction may be open meanwhile (mdb_dbi_open's rule). */
    private void createBucket(String bucket) {
        envLock.writeLock().lock();
        try {
            dbis.put(bucket, env.openDbi(bucket, DbiFlags.MDB_CREATE));
        } finally {
            envLock.writeLock().unlock();
        }
    }

    private void grow() {
        if (mapSize >= maxMapSize) {
            throw new IllegalStateException("the lmdb backend in " + dir + " is full: its map reached max-map-size " + maxMapSize + " bytes");
        }
        envLock.writeLock().lock();
        try {
            mapSize = Math.min(maxMapSize, mapSize * 2);
            env.setMapSize(mapSize);
        } finally {
            envLock.writeLock().unlock();
        }
    }

    @Override
    public void sync() {
        checkOpen();
        try {
            env.sync(true);
        } catch (LmdbException e) {
            throw new UncheckedIOException("cannot sync the lmdb backend in " + dir, new IOException(e.getMessage(), e));
        }
    }

    @Override
    public Optional<Bytes> get(String bucket, Bytes key) {
        KvBatch.checkBucket(bucket);
        return read(txn -> {
            Dbi<ByteBuffer> dbi = dbis.get(bucket);
            if (dbi == null) return Optional.empty();
            ByteBuffer found = dbi.get(txn, key(ByteBuffer.allocateDirect(Math.max(1, key.size())), key));
            return Optional.ofNullable(found).map(LmdbKvBackend::copy);
        });
    }

    @Override
    public void scan(String bucket, Bytes from, Visitor visitor) {
        KvBatch.checkBucket(bucket);
        read(txn -> {
            Dbi<ByteBuffer> dbi = dbis.get(bucket);
            if (dbi == null) return null;
            KeyRange<ByteBuffer> range = from.isEmpty() ? KeyRange.all() : KeyRange.atLeast(key(ByteBuffer.allocateDirect(from.size()), from));
            try (CursorIterable<ByteBuffer> it = dbi.iterate(txn, range)) {
                for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                    if (!visitor.visit(copy(kv.key()), copy(kv.val()))) break;
                }
            }
            return null;
        });
    }

    private <R> R read(java.util.function.Function<Txn<ByteBuffer>, R> body) {
        envLock.readLock().lock();
        try {
            checkOpen();
            try (Txn<ByteBuffer> txn = env.txnRead()) {
                return body.apply(txn);
            }
        } finally {
            envLock.readLock().unlock();
        }
    }

    @Override
    public long sizeBytes() {
        try {
            return Files.size(dir.resolve(DATA_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + dir.resolve(DATA_FILE), e);
        }
    }

    /**
     * Copies the live pages into a new file ({@code mdb_env_copy2} with {@code MDB_CP_COMPACT}, in a
     * read transaction) while the writer goes on committing; those batches are recorded and
     * replayed into the copy (blind puts, deletes and clears: replaying one the copy already holds
     * changes nothing). Only the last catch-up, the fsync of the copy and the file swap hold
     * commits back. Runs on any thread, one defragment at a time.
     */
    @Override
    public synchronized void defragment() {
        checkOpen();
        Path work = dir.resolve("defrag.tmp");
        try {
            deleteTree(work);
            Files.createDirectories(work);
            setRecording(new java.util.ArrayList<>());
            envLock.readLock().lock();
            long copyMapSize;
            try {
                checkOpen();
                env.copy(work.toFile(), CopyFlags.MDB_CP_COMPACT);
                copyMapSize = mapSize;
            } finally {
                envLock.readLock().unlock();
            }
            try (Copy copy = new Copy(work, copyMapSize)) {
                int replayed = 0;
                while (true) { // catch up without holding the writer, until little is left
                    List<KvBatch> pending = recordedFrom(replayed);
                    if (pending.size() <= 8) break;
                    for (KvBatch b : pending) copy.replay(b);
                    replayed += pending.size();
                }
                writeLock.lock();
                try {
                    for (KvBatch b : recording.subList(replayed, recording.size())) copy.replay(b);
                    recording = null;
                    copy.close(); // forces the copy
                    swapIn(work.resolve(DATA_FILE));
                } finally {
                    recording = null;
                    writeLock.unlock();
                }
            }
            deleteTree(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot defragment the lmdb backend in " + dir, e);
        } catch (LmdbException e) {
            throw new UncheckedIOException("cannot defragment the lmdb backend in " + dir, new IOException(e.getMessage(), e));
        } finally {
            setRecording(null); // on failure too: stop recording
        }
    }

    private void setRecording(List<KvBatch> list) {
        writeLock.lock();
        try {
            recording = list;
        } finally {
            writeLock.unlock();
        }
    }

    private List<KvBatch> recordedFrom(int from) {
        writeLock.lock();
        try {
            return List.copyOf(recording.subList(from, recording.size()));
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the environment, moves the forced copy over the data file, and reopens; no reader is in a transaction meanwhile. */
    private void swapIn(Path copied) throws IOException {
        envLock.writeLock().lock();
        try {
            env.close();
            dbis.clear();
            Files.move(copied, dir.resolve(DATA_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
            env = openEnv();
        } finally {
            envLock.writeLock().unlock();
        }
    }

    /** The compacted copy, opened as a second environment to replay the batches committed meanwhile. */
    private final class Copy implements AutoCloseable {
        private final Env<ByteBuffer> copyEnv;
        private final Map<String, Dbi<ByteBuffer>> copyDbis = new java.util.TreeMap<>();
        private final ByteBuffer key = ByteBuffer.allocateDirect(MAX_KEY);
        private final Path work;
        private long copyMapSize;
        private boolean closed;

        Copy(Path work, long mapSize) {
            this.work = work;
            this.copyMapSize = mapSize;
            this.copyEnv = Env.create(ByteBufferProxy.PROXY_SAFE).setMapSize(mapSize).setMaxDbs(MAX_BUCKETS).setMaxReaders(4)
                    .open(work.toFile(), EnvFlags.MDB_NOSYNC);
            for (byte[] name : copyEnv.getDbiNames()) copyDbis.put(new String(name, StandardCharsets.UTF_8), copyEnv.openDbi(name));
        }

        void replay(KvBatch batch) {
            for (KvBatch.Op op : batch.ops()) {
                if (op instanceof KvBatch.Put p && !copyDbis.containsKey(p.bucket())) {
                    copyDbis.put(p.bucket(), copyEnv.openDbi(p.bucket(), DbiFlags.MDB_CREATE));
                }
            }
            while (true) {
                try (Txn<ByteBuffer> txn = copyEnv.txnWrite()) {
                    for (KvBatch.Op op : batch.ops()) apply(txn, op, copyDbis, key);
                    txn.commit();
                    return;
                } catch (Env.MapFullException e) {
                    copyMapSize *= 2;
                    copyEnv.setMapSize(copyMapSize);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            copyEnv.sync(true);
            copyEnv.close();
            try (FileChannel c = FileChannel.open(work.resolve(DATA_FILE), StandardOpenOption.WRITE)) {
                c.force(true);
            }
        }
    }

    @Override
    public void close() {
        envLock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            env.sync(true); // close keeps every commit, as the contract says; only a crash may lose some
            env.close();
        } finally {
            envLock.writeLock().unlock();
        }
        try {
            ownerChannel.close(); // releases the owner lock
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the lmdb backend in " + dir + " is closed");
    }

    private static ByteBuffer key(ByteBuffer direct, Bytes key) {
        if (key.isEmpty() || key.size() > MAX_KEY) {
            throw new IllegalArgumentException("lmdb backend keys must be 1.." + MAX_KEY + " bytes, got " + key.size());
        }
        direct.clear();
        direct.put(key.toByteArray()).flip();
        return direct;
    }

    private static Bytes copy(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return Bytes.wrap(out);
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
