package ketch.store.mvstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import ketch.api.raft.Entry;
import ketch.api.raft.EntryCodec;
import ketch.api.raft.HardState;
import ketch.api.raft.LogPosition;
import ketch.api.raft.StateCodec;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreChecks;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * A {@link LogStore} in one H2 MVStore file: map {@code entries} (index → {@link EntryCodec}
 * bytes) and map {@code log-meta} (hard state, snapshot metadata, compaction boundary).
 *
 * <p><b>Durability, as verified in the MVStore 2.4.240 sources.</b> {@code MVStore.commit()}
 * serialises the changed pages into a new chunk and waits until it is written with
 * {@code FileChannel.write}, but never forces it; {@code MVStore.sync()} calls
 * {@code SingleFileStore.sync()}, which is {@code FileChannel.force(true)} on the channel opened by
 * {@code FilePathDisk.open} ({@code FileChannel.open}). So {@link #sync()} is one
 * {@code commit()} followed by one {@code sync()}: after it returns, the new chunk and the file's
 * metadata are on disk. The directory is forced once when the file is created, so the file's
 * name survives a power loss too.
 *
 * <p><b>Nothing is written behind the caller's back.</b> The store is opened with
 * {@code autoCommitDelay 0} (no background thread at all) and {@code autoCommitBufferSize 0}
 * (otherwise {@code MVMap.put} itself commits once unsaved pages pass the buffer size). The only
 * commits are in {@link #sync()} and {@link #close()}, which run on the single writer between
 * whole operations, so every state that reaches the file is a state the caller produced.
 *
 * <p><b>Space.</b> With the background thread off, MVStore's own housekeeping never runs, so
 * every {@value #COMPACT_EVERY_SYNCS}th sync first asks {@code MVStore.compact(fillRate, limit)} to
 * re-write the live pages of sparse chunks (bounded by {@value #COMPACT_WRITE_LIMIT} bytes); they
 * go into the same commit. Dead chunks are freed and their space re-used by later chunks. The
 * retention time is 0 because every commit is forced before the next one, so a chunk dead in a
 * forced version is never needed again after a crash; concurrent readers register their MVStore
 * version while they read, which keeps the chunks they traverse from being re-used under them.
 *
 * <p><b>Threads.</b> One writer, any number of readers. Appends past the last index publish the
 * new bounds after the entries are in the map, so a reader never sees an index without its entry.
 * Changes that remove entries a reader may be reading (suffix truncation, snapshot install,
 * publishing a new compaction boundary) take {@link #shape}'s write lock; reads hold its read
 * lock. Removing a compacted prefix runs after the new boundary is published, without the lock, in
 * chunks of {@value #PREFIX_REMOVAL_CHUNK} keys per {@link #compact} and {@link #sync} call, so
 * compacting a long prefix does not stall the writer; keys left over at a crash are removed when
 * the store is opened.
 */
public final class MvStoreLogStore implements LogStore {
    static final int COMPACT_EVERY_SYNCS = 64;
    static final int COMPACT_WRITE_LIMIT = 4 * 1024 * 1024;
    /** Compacted keys removed per writer call, so compacting a long prefix never stalls the writer. */
    static final int PREFIX_REMOVAL_CHUNK = 8192;
    private static final String HARD_STATE = "hard-state";
    private static final String SNAPSHOT = "snapshot";
    private static final String BOUNDARY = "boundary";

    /** Where the log starts and ends; published as one immutable value to readers. */
    private record Bounds(long boundaryIndex, long boundaryTerm, long lastIndex) {
        Bounds withLast(long last) {
            return new Bounds(boundaryIndex, boundaryTerm, last);
        }
    }

    private final Path file;
    private final int compactFillRate;
    private final MVStore store;
    private final MVMap<Long, byte[]> entries;
    private final MVMap<String, byte[]> meta;
    private final ReentrantReadWriteLock shape = new ReentrantReadWriteLock();
    private volatile Bounds bounds;
    private volatile HardState hardState;
    private volatile SnapshotMetadata snapshot;
    private volatile boolean closed;
    private long syncs;
    private long removedThrough; // writer only: keys up to here are gone; the rest up to the boundary await removal

    private MvStoreLogStore(Path file, MVStore store, int compactFillRate) {
        this.file = file;
        this.store = store;
        this.compactFillRate = compactFillRate;
        this.entries = store.openMap("entries",
                new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        this.meta = store.openMap("log-meta",
                new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        byte[] hs = meta.get(HARD_STATE);
        byte[] snap = meta.get(SNAPSHOT);
        byte[] boundary = meta.get(BOUNDARY);
        this.hardState = hs == null ? HardState.EMPTY : StateCodec.decodeHardState(hs);
        this.snapshot = snap == null ? SnapshotMetadata.EMPTY : StateCodec.decodeSnapshotMetadata(snap);
        this.bounds = recoverBounds(boundary == null ? LogPosition.ZERO : StateCodec.decodePosition(boundary));
        this.removedThrough = bounds.boundaryIndex();
    }

    /**
     * Opens or creates the store in {@code file}, whose directory must exist.
     *
     * @param cacheSizeMb MVStore's page cache, in MiB (at least 1)
     * @param compactFillRate re-write chunks whose live share falls below this percentage; 0 never
     */
    public static MvStoreLogStore open(Path file, int cacheSizeMb, int compactFillRate) {
        if (cacheSizeMb < 1) throw new IllegalArgumentException("cache size must be >= 1 MiB, got " + cacheSizeMb);
        if (compactFillRate < 0 || compactFillRate > 100) {
            throw new IllegalArgumentException("compaction fill rate must be 0..100 percent, got " + compactFillRate);
        }
        boolean created = !Files.exists(file);
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(file.toAbsolutePath().toString())
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .autoCompactFillRate(compactFillRate)
                    .cacheSize(cacheSizeMb)
                    .open();
        } catch (MVStoreException e) {
            throw new IllegalStateException("cannot open the mvstore log " + file + ": " + e.getMessage(), e);
        }
        try {
            store.setRetentionTime(0);
            MvStoreLogStore log = new MvStoreLogStore(file, store, compactFillRate);
            if (created) {
                store.commit();
                store.sync();
                forceDirectory(file.toAbsolutePath().getParent());
            }
            return log;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    @Override
    public void append(List<Entry> list) {
        checkOpen();
        if (list.isEmpty()) return;
        long first = list.getFirst().index();
        Bounds b = bounds;
        LogStoreChecks.checkAppend(list, b.boundaryIndex(), b.lastIndex());
        if (first <= b.lastIndex()) truncateFrom(first);
        for (Entry e : list) entries.put(e.index(), EntryCodec.encode(e));
        bounds = bounds.withLast(list.getLast().index());
    }

    /** Drops the suffix from {@code index} on; readers must not see it half gone. */
    private void truncateFrom(long index) {
        shape.writeLock().lock();
        try {
            for (long i = bounds.lastIndex(); i >= index; i--) entries.remove(i);
            bounds = bounds.withLast(index - 1);
        } finally {
            shape.writeLock().unlock();
        }
    }

    @Override
    public void setHardState(HardState state) {
        checkOpen();
        meta.put(HARD_STATE, StateCodec.encode(state));
        hardState = state;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public void sync() {
        checkOpen();
        try {
            removeCompactedKeys();
            if (compactFillRate > 0 && ++syncs % COMPACT_EVERY_SYNCS == 0) {
                store.compact(compactFillRate, COMPACT_WRITE_LIMIT);
            }
            if (store.commit() >= 0) store.sync();
        } catch (MVStoreException e) {
            throw new UncheckedIOException("cannot sync the mvstore log " + file, new IOException(e.getMessage(), e));
        }
    }

    @Override
    public long firstIndex() {
        return bounds.boundaryIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return bounds.lastIndex();
    }

    @Override
    public long term(long index) {
        if (index < 0) throw new IllegalArgumentException("log index must be >= 0, got " + index);
        if (index == 0) return 0;
        checkOpen();
        shape.readLock().lock();
        try {
            Bounds b = bounds;
            if (index == b.boundaryIndex()) return b.boundaryTerm();
            check(index, index + 1, b);
            MVStore.TxCounter version = store.registerVersionUsage();
            try {
                return read(index).term();
            } finally {
                store.deregisterVersionUsage(version);
            }
        } finally {
            shape.readLock().unlock();
        }
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo > hi) throw new IllegalArgumentException("entry range [" + lo + ", " + hi + ") has lo > hi");
        checkOpen();
        shape.readLock().lock();
        try {
            check(lo, hi, bounds);
            if (lo == hi) return List.of();
            MVStore.TxCounter version = store.registerVersionUsage();
            try {
                List<Entry> out = new ArrayList<>();
                long bytes = 0;
                Cursor<Long, byte[]> cursor = entries.cursor(lo, hi - 1, false);
                for (long expected = lo; expected < hi; expected++) {
                    if (!cursor.hasNext()) throw missing(expected);
                    Entry e = decode(expected, cursor.next(), cursor.getValue());
                    if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) break;
                    bytes += e.sizeBytes();
                    out.add(e);
                }
                return out;
            } finally {
                store.deregisterVersionUsage(version);
            }
        } finally {
            shape.readLock().unlock();
        }
    }

    @Override
    public void compact(long upTo) {
        checkOpen();
        Bounds b = bounds;
        if (upTo <= b.boundaryIndex()) return;
        if (upTo > b.lastIndex()) {
            throw new IllegalArgumentException("cannot compact up to " + upTo + ": the last index is " + b.lastIndex());
        }
        long term = read(upTo).term();
        meta.put(BOUNDARY, StateCodec.encode(new LogPosition(upTo, term)));
        shape.writeLock().lock();
        try {
            bounds = new Bounds(upTo, term, b.lastIndex());
        } finally {
            shape.writeLock().unlock();
        }
        removeCompactedKeys();
    }

    /** Removes the next chunk of keys below the published boundary; no reader can ask for them. */
    private void removeCompactedKeys() {
        long end = Math.min(bounds.boundaryIndex(), removedThrough + PREFIX_REMOVAL_CHUNK);
        for (long i = removedThrough + 1; i <= end; i++) entries.remove(i);
        removedThrough = Math.max(removedThrough, end);
    }

    @Override
    public void applySnapshot(SnapshotMetadata m) {
        checkOpen();
        Bounds b = bounds;
        if (m.index() < b.boundaryIndex()) {
            throw new IllegalArgumentException("snapshot at index " + m.index()
                    + " is older than the compacted prefix, which ends at " + b.boundaryIndex());
        }
        boolean held = m.index() == b.boundaryIndex()
                ? m.term() == b.boundaryTerm()
                : m.index() <= b.lastIndex() && read(m.index()).term() == m.term();
        meta.put(SNAPSHOT, StateCodec.encode(m));
        snapshot = m;
        if (held) return;
        meta.put(BOUNDARY, StateCodec.encode(new LogPosition(m.index(), m.term())));
        shape.writeLock().lock();
        try {
            entries.clear();
            bounds = new Bounds(m.index(), m.term(), m.index());
            removedThrough = m.index();
        } finally {
            shape.writeLock().unlock();
        }
    }

    @Override
    public SnapshotMetadata snapshot() {
        return snapshot;
    }

    /** Closes the file; commits what is pending, like a sync without the fsync guarantee asked for. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            store.close();
        } catch (MVStoreException e) {
            store.closeImmediately();
            throw new UncheckedIOException("cannot close the mvstore log " + file, new IOException(e.getMessage(), e));
        }
    }

    /** Keys in the entries map, compacted ones not yet removed included; for tests. */
    long heldKeys() {
        return entries.sizeAsLong();
    }

    /** The file size, for tests. */
    long fileSizeBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Bounds recoverBounds(LogPosition b) {
        // a prefix at or below the boundary can only be left over from an interrupted removal
        Long firstKey = entries.firstKey();
        while (firstKey != null && firstKey <= b.index()) {
            entries.remove(firstKey);
            firstKey = entries.firstKey();
        }
        Long lastKey = entries.lastKey();
        if (lastKey == null) return new Bounds(b.index(), b.term(), b.index());
        if (firstKey != b.index() + 1 || lastKey - firstKey + 1 != entries.sizeAsLong()) {
            throw new IllegalStateException("log corrupt in " + file + ": " + entries.sizeAsLong() + " entries from "
                    + firstKey + " to " + lastKey + ", compacted up to " + b.index());
        }
        return new Bounds(b.index(), b.term(), lastKey);
    }

    private static void check(long lo, long hi, Bounds b) {
        LogStoreChecks.checkRange(lo, hi, b.boundaryIndex(), b.lastIndex());
    }

    private Entry read(long index) {
        return decode(index, index, entries.get(index));
    }

    private IllegalStateException missing(long index) {
        return new IllegalStateException("log corrupt: entry " + index + " is missing in " + file);
    }

    private Entry decode(long expected, long key, byte[] bytes) {
        if (key != expected || bytes == null) throw missing(expected);
        Entry e;
        try {
            e = EntryCodec.decode(bytes);
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException("log corrupt: entry " + key + " in " + file + ": " + ex.getMessage(), ex);
        }
        if (e.index() != key) {
            throw new IllegalStateException("log corrupt: key " + key + " holds entry " + e.index() + " in " + file);
        }
        return e;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the mvstore log " + file + " is closed");
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the file's own data is forced regardless
        }
    }
}
