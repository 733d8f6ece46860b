package ketch.store.lmdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.Entry;
import ketch.api.raft.EntryCodec;
import ketch.api.raft.HardState;
import ketch.api.raft.LogPosition;
import ketch.api.raft.StateCodec;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreChecks;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * A {@link LogStore} in one LMDB environment (files {@code data.mdb} and {@code lock.mdb}):
 * database {@code entries} (index as 8 bytes big-endian → {@link EntryCodec} bytes) and database
 * {@code log-meta} (hard state, snapshot metadata, compaction boundary).
 *
 * <p><b>Durability, as verified in LMDB 0.9.31–0.9.33's {@code mdb.c}.</b> The environment is
 * opened without {@code MDB_NOSYNC}, {@code MDB_NOMETASYNC}, {@code MDB_MAPASYNC} and
 * {@code MDB_WRITEMAP}. Then {@code mdb_txn_commit} writes the transaction's dirty pages, calls
 * {@code mdb_env_sync(env, 0)}, which without {@code MDB_NOSYNC} is {@code fdatasync} (plain
 * {@code fsync} on Linux kernels older than 3.6), and only then writes the new meta page through a
 * descriptor opened with {@code O_DSYNC}. So one commit is the whole barrier: after it returns
 * the data and the meta page pointing at it are on disk, and a crash at any point leaves the
 * previous meta page, which points only at pages that commit never overwrote (copy-on-write).
 *
 * <p><b>One write transaction per {@link #sync()}.</b> {@link #append}, {@link #setHardState},
 * {@link #compact} and {@link #applySnapshot} only record what changed; {@link #sync()} writes all
 * of it in one LMDB write transaction and commits it. Until then readers see the unsynced entries
 * in an in-memory {@link UnsyncedTail} (an LMDB read transaction only sees committed data). A
 * closed or crashed store loses what was not synced, never more, and never leaves a hole.
 *
 * <p><b>Threads.</b> One writer, any number of readers. The writer publishes a {@link View}
 * (bounds plus the unsynced tail) after each change. A reader takes the view, then opens a read
 * transaction; an index below the tail is committed in LMDB no later than the view was
 * published, so the transaction sees it. If a key is missing (compaction or a snapshot install
 * committed meanwhile) or the log's suffix was replaced since the view ({@code shape} changed),
 * the read is done again against the new view, so a read never mixes two logs.
 *
 * <p><b>Compaction.</b> {@link #compact} moves the boundary at once; the keys below it are
 * deleted {@value #PREFIX_REMOVAL_CHUNK} per sync, so compacting a long prefix does not make one
 * huge transaction; keys left over at a crash are removed when the store is opened.
 */
public final class LmdbLogStore implements LogStore {
    /** Compacted keys deleted per sync. */
    static final int PREFIX_REMOVAL_CHUNK = 16_384;
    private static final String HARD_STATE = "hard-state";
    private static final String SNAPSHOT = "snapshot";
    private static final String BOUNDARY = "boundary";
    private static final long NONE = Long.MAX_VALUE;
    private static final ThreadLocal<ByteBuffer> READ_KEY = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(8));

    /**
     * What readers see: entries {@code boundaryIndex + 1 .. lastIndex}; those in {@code tail} from
     * memory, the rest from LMDB. {@code shape} grows whenever a suffix is replaced or the log is
     * discarded.
     */
    private record View(long boundaryIndex, long boundaryTerm, long lastIndex, long shape, UnsyncedTail.Snapshot tail) {}

    /** What one sync writes; immutable, so a transaction that filled the map can be built again. */
    private record Batch(boolean discardCommitted, long deleteCommittedFrom, long committedLast,
            long removeFrom, long removeThrough, long boundaryIndex, UnsyncedTail.Snapshot tail,
            byte[] hardState, byte[] snapshot, byte[] boundary) {}

    private final LmdbEnvironment lmdb;
    private final Path dir;
    private volatile View view;
    private volatile HardState hardState;
    private volatile SnapshotMetadata snapshot;
    private volatile boolean closed;
    // writer only: what LMDB holds and what the next sync must change there
    private final UnsyncedTail tail;
    private long committedLast;
    private long removedThrough;
    private long deleteCommittedFrom = NONE;
    private boolean discardCommitted;
    private boolean hardStateDirty;
    private boolean snapshotDirty;
    private boolean boundaryDirty;
    private final ByteBuffer writeKey = ByteBuffer.allocateDirect(8);
    /** Runs in every read between taking the view and opening the read transaction; a seam for tests. */
    private volatile Runnable betweenViewAndRead = () -> {};
    private ByteBuffer writeValue = ByteBuffer.allocateDirect(4096);

    private LmdbLogStore(LmdbEnvironment lmdb) {
        this.lmdb = lmdb;
        this.dir = lmdb.dir();
        Recovered r = recover();
        this.hardState = r.hardState();
        this.snapshot = r.snapshot();
        this.committedLast = r.lastIndex();
        this.removedThrough = r.boundary().index();
        this.tail = new UnsyncedTail(r.lastIndex() + 1);
        this.view = new View(r.boundary().index(), r.boundary().term(), r.lastIndex(), 0, tail.snapshot());
    }

    /**
     * Opens or creates the store in {@code dir}.
     *
     * @param mapSize LMDB's initial map size in bytes; it doubles whenever it fills
     * @param maxMapSize the largest the map may grow to
     * @param maxReaders the most reads in progress at once
     */
    public static LmdbLogStore open(Path dir, long mapSize, long maxMapSize, int maxReaders) {
        if (mapSize < 1) throw new IllegalArgumentException("map size must be positive, got " + mapSize);
        if (maxReaders < 1) throw new IllegalArgumentException("max readers must be positive, got " + maxReaders);
        LmdbEnvironment lmdb = LmdbEnvironment.open(dir, mapSize, maxMapSize, maxReaders);
        try {
            return new LmdbLogStore(lmdb);
        } catch (RuntimeException e) {
            lmdb.close();
            throw e;
        }
    }

    @Override
    public void append(List<Entry> list) {
        checkOpen();
        if (list.isEmpty()) return;
        long first = list.getFirst().index();
        View v = view;
        LogStoreChecks.checkAppend(list, v.boundaryIndex(), v.lastIndex());
        long shape = v.shape();
        if (first <= v.lastIndex()) {
            shape++;
            if (first < tail.from()) {
                deleteCommittedFrom = Math.min(deleteCommittedFrom, first);
                tail.restart(first);
            } else {
                tail.truncate(first);
            }
        }
        tail.append(list);
        view = new View(v.boundaryIndex(), v.boundaryTerm(), list.getLast().index(), shape, tail.snapshot());
    }

    @Override
    public void setHardState(HardState state) {
        checkOpen();
        hardState = state;
        hardStateDirty = true;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public void sync() {
        checkOpen();
        View v = view;
        long removeThrough = discardCommitted ? removedThrough
                : Math.min(v.boundaryIndex(), removedThrough + PREFIX_REMOVAL_CHUNK);
        boolean dirty = discardCommitted || deleteCommittedFrom != NONE || !tail.isEmpty() || removeThrough > removedThrough
                || hardStateDirty || snapshotDirty || boundaryDirty;
        if (!dirty) return;
        Batch batch = new Batch(discardCommitted, deleteCommittedFrom, committedLast, removedThrough + 1, removeThrough,
                v.boundaryIndex(), v.tail(),
                hardStateDirty ? StateCodec.encode(hardState) : null,
                snapshotDirty ? StateCodec.encode(snapshot) : null,
                boundaryDirty ? StateCodec.encode(new LogPosition(v.boundaryIndex(), v.boundaryTerm())) : null);
        lmdb.write(txn -> write(txn, batch));
        committedLast = v.lastIndex();
        removedThrough = discardCommitted ? v.boundaryIndex() : removeThrough;
        discardCommitted = false;
        deleteCommittedFrom = NONE;
        hardStateDirty = snapshotDirty = boundaryDirty = false;
        tail.restart(v.lastIndex() + 1);
        view = new View(v.boundaryIndex(), v.boundaryTerm(), v.lastIndex(), v.shape(), tail.snapshot());
    }

    /** Runs on the writer thread, inside the write transaction. */
    private void write(Txn<ByteBuffer> txn, Batch b) {
        Dbi<ByteBuffer> entries = lmdb.entries();
        if (b.discardCommitted()) {
            entries.drop(txn);
        } else {
            for (long i = b.deleteCommittedFrom(); i <= b.committedLast(); i++) entries.delete(txn, key(i));
            for (long i = b.removeFrom(); i <= b.removeThrough(); i++) entries.delete(txn, key(i));
        }
        UnsyncedTail.Snapshot t = b.tail();
        for (long i = Math.max(t.from(), b.boundaryIndex() + 1); t.holds(i); i++) {
            entries.put(txn, key(i), value(t.get(i)));
        }
        putMeta(txn, HARD_STATE, b.hardState());
        putMeta(txn, SNAPSHOT, b.snapshot());
        putMeta(txn, BOUNDARY, b.boundary());
    }

    private void putMeta(Txn<ByteBuffer> txn, String name, byte[] value) {
        if (value == null) return;
        ByteBuffer v = ByteBuffer.allocateDirect(value.length);
        v.put(value).flip();
        lmdb.meta().put(txn, metaKey(name), v);
    }

    private ByteBuffer key(long index) {
        return LmdbEnvironment.key(writeKey, index);
    }

    private ByteBuffer value(Entry e) {
        int size = EntryCodec.encodedSize(e);
        if (writeValue.capacity() < size) writeValue = ByteBuffer.allocateDirect(Math.max(size, writeValue.capacity() * 2));
        writeValue.clear().order(ByteOrder.BIG_ENDIAN);
        EntryCodec.encode(e, writeValue);
        return writeValue.flip();
    }

    @Override
    public long firstIndex() {
        return view.boundaryIndex() + 1;
    }

    @Override
    public long lastIndex() {
        return view.lastIndex();
    }

    @Override
    public long term(long index) {
        if (index < 0) throw new IllegalArgumentException("log index must be >= 0, got " + index);
        if (index == 0) return 0;
        checkOpen();
        while (true) {
            View v = view;
            if (index == v.boundaryIndex()) return v.boundaryTerm();
            check(index, index + 1, v);
            if (v.tail().holds(index)) return v.tail().get(index).term();
            betweenViewAndRead.run();
            Entry e = lmdb.read(txn -> readCommitted(txn, index));
            if (e != null && view.shape() == v.shape()) return e.term();
            retryOrFail(v, index);
        }
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo > hi) throw new IllegalArgumentException("entry range [" + lo + ", " + hi + ") has lo > hi");
        checkOpen();
        while (true) {
            View v = view;
            check(lo, hi, v);
            if (lo == hi) return List.of();
            List<Entry> out = new ArrayList<>();
            long committedEnd = Math.min(hi, v.tail().from());
            betweenViewAndRead.run();
            long missing = lo < committedEnd ? lmdb.read(txn -> readCommitted(txn, lo, committedEnd, maxBytes, out)) : NONE;
            if (missing == NONE && view.shape() == v.shape()) {
                long bytes = out.stream().mapToLong(Entry::sizeBytes).sum();
                for (long i = Math.max(lo, v.tail().from()); i < hi && out.size() == i - lo; i++) {
                    Entry e = v.tail().get(i);
                    if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) break;
                    bytes += e.sizeBytes();
                    out.add(e);
                }
                return out;
            }
            retryOrFail(v, missing == NONE ? lo : missing);
        }
    }

    /**
     * Reads committed entries {@code lo ..} before {@code end} into {@code out} within {@code maxBytes};
     * answers the first index whose key is missing, or {@link #NONE}.
     */
    private long readCommitted(Txn<ByteBuffer> txn, long lo, long end, long maxBytes, List<Entry> out) {
        long bytes = 0;
        try (Cursor<ByteBuffer> c = lmdb.entries().openCursor(txn)) {
            boolean found = c.get(LmdbEnvironment.key(READ_KEY.get(), lo), GetOp.MDB_SET_KEY);
            for (long expected = lo; expected < end; expected++) {
                if (!found || LmdbEnvironment.index(c.key()) != expected) return expected;
                Entry e = decode(expected, c.val());
                if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) return NONE;
                bytes += e.sizeBytes();
                out.add(e);
                found = c.next();
            }
        }
        return NONE;
    }

    private Entry readCommitted(Txn<ByteBuffer> txn, long index) {
        ByteBuffer value = lmdb.entries().get(txn, LmdbEnvironment.key(READ_KEY.get(), index));
        return value == null ? null : decode(index, value);
    }

    /** A read found a key missing or the log reshaped; fine if the view moved on since, corrupt if not. */
    private void retryOrFail(View seen, long index) {
        checkOpen();
        if (view == seen) throw new IllegalStateException("log corrupt: entry " + index + " is missing in " + dir);
    }

    @Override
    public void compact(long upTo) {
        checkOpen();
        View v = view;
        if (upTo <= v.boundaryIndex()) return;
        if (upTo > v.lastIndex()) {
            throw new IllegalArgumentException("cannot compact up to " + upTo + ": the last index is " + v.lastIndex());
        }
        long term = term(upTo);
        boundaryDirty = true;
        view = new View(upTo, term, v.lastIndex(), v.shape(), v.tail());
    }

    @Override
    public void applySnapshot(SnapshotMetadata m) {
        checkOpen();
        View v = view;
        if (m.index() < v.boundaryIndex()) {
            throw new IllegalArgumentException("snapshot at index " + m.index()
                    + " is older than the compacted prefix, which ends at " + v.boundaryIndex());
        }
        boolean held = m.index() == v.boundaryIndex()
                ? m.term() == v.boundaryTerm()
                : m.index() <= v.lastIndex() && term(m.index()) == m.term();
        snapshot = m;
        snapshotDirty = true;
        if (held) return;
        discardCommitted = true;
        deleteCommittedFrom = NONE;
        boundaryDirty = true;
        tail.restart(m.index() + 1);
        view = new View(m.index(), m.term(), m.index(), v.shape() + 1, tail.snapshot());
    }

    @Override
    public SnapshotMetadata snapshot() {
        return snapshot;
    }

    /** Closes the environment; what was not synced is lost, as in a crash. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        lmdb.close();
    }

    /** Sets the read seam (see {@link #betweenViewAndRead}); for tests. */
    void betweenViewAndRead(Runnable hook) {
        betweenViewAndRead = hook;
    }

    /** Keys in the entries database, compacted ones not yet removed included; for tests. */
    long heldKeys() {
        return lmdb.read(txn -> lmdb.entries().stat(txn).entries);
    }

    /** The current map size in bytes; for tests. */
    long mapSize() {
        return lmdb.mapSize();
    }

    private record Recovered(HardState hardState, SnapshotMetadata snapshot, LogPosition boundary, long lastIndex) {}

    /** A copy of a value read from LMDB: its buffer is valid only inside the read transaction. */
    private static byte[] copy(ByteBuffer stored) {
        byte[] out = new byte[stored.remaining()];
        stored.duplicate().get(out);
        return out;
    }

    /** Reads the meta values, removes keys a crash left below the boundary, and checks the log has no hole. */
    private Recovered recover() {
        Recovered r = lmdb.read(txn -> {
            Dbi<ByteBuffer> meta = lmdb.meta();
            ByteBuffer hs = meta.get(txn, metaKey(HARD_STATE));
            HardState h = hs == null ? HardState.EMPTY : StateCodec.decodeHardState(copy(hs));
            ByteBuffer snap = meta.get(txn, metaKey(SNAPSHOT));
            SnapshotMetadata s = snap == null ? SnapshotMetadata.EMPTY : StateCodec.decodeSnapshotMetadata(copy(snap));
            ByteBuffer bound = meta.get(txn, metaKey(BOUNDARY));
            LogPosition b = bound == null ? LogPosition.ZERO : StateCodec.decodePosition(copy(bound));
            return new Recovered(h, s, b, 0);
        });
        long boundary = r.boundary().index();
        while (lmdb.read(txn -> firstKey(txn)) <= boundary) {
            lmdb.write(txn -> {
                try (Cursor<ByteBuffer> c = lmdb.entries().openCursor(txn)) {
                    for (int n = 0; n < PREFIX_REMOVAL_CHUNK && c.first() && LmdbEnvironment.index(c.key()) <= boundary; n++) {
                        c.delete();
                    }
                }
            });
        }
        return lmdb.read(txn -> {
            long count = lmdb.entries().stat(txn).entries;
            if (count == 0) return new Recovered(r.hardState(), r.snapshot(), r.boundary(), boundary);
            long first = firstKey(txn);
            long last;
            try (Cursor<ByteBuffer> c = lmdb.entries().openCursor(txn)) {
                c.last();
                last = LmdbEnvironment.index(c.key());
            }
            if (first != boundary + 1 || last - first + 1 != count) {
                throw new IllegalStateException("log corrupt in " + dir + ": " + count + " entries from " + first + " to "
                        + last + ", compacted up to " + boundary);
            }
            return new Recovered(r.hardState(), r.snapshot(), r.boundary(), last);
        });
    }

    private long firstKey(Txn<ByteBuffer> txn) {
        try (Cursor<ByteBuffer> c = lmdb.entries().openCursor(txn)) {
            return c.first() ? LmdbEnvironment.index(c.key()) : NONE;
        }
    }

    private static ByteBuffer metaKey(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static void check(long lo, long hi, View v) {
        LogStoreChecks.checkRange(lo, hi, v.boundaryIndex(), v.lastIndex());
    }

    private Entry decode(long expected, ByteBuffer stored) {
        Entry e;
        try {
            e = EntryCodec.decode(stored.order(ByteOrder.BIG_ENDIAN));
        } catch (IllegalArgumentException ex) {
            throw new IllegalStateException("log corrupt: entry " + expected + " in " + dir + ": " + ex.getMessage(), ex);
        }
        if (e.index() != expected) {
            throw new IllegalStateException("log corrupt: key " + expected + " holds entry " + e.index() + " in " + dir);
        }
        return e;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the lmdb log in " + dir + " is closed");
    }
}
