package ketch.store.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogStore;
import ketch.api.spi.LogStoreChecks;

/**
 * A {@link LogStore} on Chronicle Queue: every append is a record in a queue (directory
 * {@code queue}), the hard state, snapshot metadata and compaction boundary live in a two-slot
 * {@link StateFile} ({@code state}), and a {@code lock} file keeps a second process out. Each record
 * carries a CRC32C ({@link QueueRecord}), so a record torn by a crash is detected and skipped.
 *
 * <p><b>Truncation on an append-only queue.</b> Records are never changed. An entry appended at a
 * held index is simply a newer record; the in-memory {@link LogView} maps each held Raft index to
 * the queue index of its newest record, and superseded records are skipped. Replaying the queue
 * in order ({@link Replay}) rebuilds the same map; a snapshot install that discards the log writes
 * a restart record so the replay discards it too. The map is also kept on disk as an
 * {@link IndexCheckpoint} ({@code index}), written after a sync that rolled a cycle or followed
 * many records, and at close (as of the last sync), so opening replays only the records after it
 * and re-checks the last {@value #VERIFIED_TAIL} entries it vouches for.
 *
 * <p><b>Compaction.</b> The queue rolls to a new cycle file every {@code segmentBytes} and at every
 * open ({@link EntryQueue}). After a sync has made the compaction boundary durable, cycle files
 * older than the one holding the first live entry are deleted whole.
 *
 * <p><b>Durability, as read in the Chronicle Queue 2026.4 / Chronicle Bytes 2026.4 sources.</b>
 * Chronicle writes through memory-mapped chunks, so a write lands in the page cache only.
 * {@code SyncMode} (builder {@code syncMode}, default {@code ASYNC} from the
 * {@code mappedFile.defaultSyncMode} property) only decides which {@code msync} flag
 * {@code MappedBytesStore} uses when a chunk is released or {@code syncUpTo} is called;
 * {@code MS_ASYNC} is a no-op on Linux. {@code ExcerptAppender.sync()} calls
 * {@code MappedBytesStore.syncUpTo(writePosition)}: an {@code msync} from the last synced page to
 * the write position of the current chunk only, with the queue's sync mode (none at all by
 * default); it misses Chronicle's index and header pages elsewhere in the file, earlier chunks and
 * cycles, the queue's metadata file and the directory entry of a new cycle file. So this store does
 * not rely on it: {@link #sync()} calls {@code FileChannel.force(true)} (fsync) on every cycle file
 * written since the last sync. On Linux a shared mapping's dirty pages are the file's page cache,
 * so fsync writes them back (msync(MS_SYNC) is the same {@code vfs_fsync_range} underneath). After a
 * roll it also forces the queue's {@code .cq4t} metadata and the directory; then it writes the
 * state file's other slot and forces it. {@link ChronicleLogStoreProvider#durable()} is true.
 *
 * <p><b>Threads.</b> One writer; readers run concurrently on the published {@link LogView} with
 * pooled tailers and take no lock. A reader whose view points into a cycle file deleted since
 * re-reads the current view and gets {@link LogCompactedException}.
 */
public final class ChronicleLogStore implements LogStore {
    private static final int READ_CHUNK = 64;
    private static final String CHECKPOINT = "index";
    /** Entries at the end of the log re-checked at open when a checkpoint spared their replay. */
    private static final int VERIFIED_TAIL = 4096;

    private final Path dir;
    private final long maxRecordBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final StateFile stateFile;
    private final EntryQueue queue;
    private volatile LogView view;
    private volatile HardState hardState;
    private volatile SnapshotMetadata snapshot;
    private volatile boolean closed;
    private boolean stateDirty; // writer only
    private LogView syncedView; // writer only: the log as of the last sync, with the newest record then forced
    private long syncedThrough = -1;
    private boolean checkpointed = true;
    private final long replayedAtOpen;

    private ChronicleLogStore(Path dir, long blockSize, FileChannel lockChannel, FileLock lock, StateFile stateFile,
            EntryQueue queue) {
        this.dir = dir;
        this.maxRecordBytes = blockSize / 4; // Chronicle's largest excerpt is a quarter of its mapping chunk
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.stateFile = stateFile;
        this.queue = queue;
        StateFile.State state = stateFile.loaded();
        Optional<Replay> resumed = replayAfterCheckpoint(queue, dir.resolve(CHECKPOINT));
        Replay replay = resumed.orElseGet(() -> {
            Replay all = new Replay();
            queue.replay(all::accept);
            return all;
        });
        LogView replayed = replay.view(state, dir);
        this.view = resumed.isPresent() ? verifyTail(queue, replayed) : replayed;
        this.replayedAtOpen = replay.visited();
        this.hardState = state.hardState();
        this.snapshot = replay.snapshot(state);
        this.stateDirty = view.boundaryIndex != state.boundaryIndex() || !snapshot.equals(state.snapshot());
    }

    /** Replays the queue after the index checkpoint; empty if there is none or its record is gone. */
    private static Optional<Replay> replayAfterCheckpoint(EntryQueue queue, Path checkpointFile) {
        Optional<IndexCheckpoint.Overlay> checkpoint = IndexCheckpoint.read(checkpointFile);
        if (checkpoint.isEmpty()) return Optional.empty();
        Replay replay = new Replay();
        replay.resume(checkpoint.get());
        return queue.replayAfter(checkpoint.get().coveredThrough(), replay::accept) ? Optional.of(replay) : Optional.empty();
    }

    /**
     * Checks the newest entries a checkpoint vouched for without replaying them: the log ends before
     * the first one that is damaged, as a full replay would have it.
     */
    private static LogView verifyTail(EntryQueue queue, LogView v) {
        if (v.isEmpty()) return v;
        long from = Math.max(v.firstIndex(), v.lastIndex - VERIFIED_TAIL + 1);
        int n = (int) (v.lastIndex - from + 1);
        long[] queueIndexes = new long[n];
        for (int k = 0; k < n; k++) queueIndexes[k] = v.queueIndex(from + k);
        List<QueueRecord> records = queue.read(queueIndexes, n);
        for (int k = 0; k < n; k++) {
            if (!(records.get(k) instanceof QueueRecord.Appended(Entry e) && e.index() == from + k)) {
                return v.append(from + k, new long[0], 0);
            }
        }
        return v;
    }

    /**
     * Opens or creates the store in {@code dir}.
     *
     * @param blockSize Chronicle's mapping chunk in bytes; the largest record is a quarter of it
     * @param segmentBytes record bytes after which the queue rolls to a new cycle file
     */
    public static ChronicleLogStore open(Path dir, long blockSize, long segmentBytes) {
        if (blockSize < 1 << 20 || Long.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two >= 1 MiB, got " + blockSize);
        }
        if (segmentBytes < 1 << 16) throw new IllegalArgumentException("segment size must be >= 64 KiB, got " + segmentBytes);
        FileChannel lockChannel = null;
        StateFile state = null;
        EntryQueue queue = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, dir);
            state = StateFile.open(dir.resolve("state"));
            queue = EntryQueue.open(dir.resolve("queue"), blockSize, segmentBytes);
            // what the replay sees may sit unforced in the page cache after a process crash: make it the durable base
            queue.forceAll();
            return new ChronicleLogStore(dir, blockSize, lockChannel, lock, state, queue);
        } catch (IOException e) {
            closeAll(queue, state, lockChannel);
            throw new UncheckedIOException("cannot open the chronicle log in " + dir, e);
        } catch (RuntimeException e) {
            closeAll(queue, state, lockChannel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) throw new IllegalStateException("the chronicle log in " + dir + " is already open");
        return lock;
    }

    @Override
    public void append(List<Entry> list) {
        checkOpen();
        if (list.isEmpty()) return;
        long first = list.getFirst().index();
        LogView v = view;
        LogStoreChecks.checkAppend(list, v.boundaryIndex, v.lastIndex);
        byte[][] records = new byte[list.size()][];
        for (int i = 0; i < list.size(); i++) {
            Entry e = list.get(i);
            if (QueueRecord.encodedSize(e) > maxRecordBytes) {
                throw new IllegalArgumentException("entry " + e.index() + " of " + e.sizeBytes() + " bytes exceeds the "
                        + maxRecordBytes + "-byte record limit (a quarter of the block size)");
            }
        }
        for (int i = 0; i < list.size(); i++) records[i] = QueueRecord.encode(list.get(i));
        long[] queueIndexes = new long[records.length];
        for (int i = 0; i < records.length; i++) queueIndexes[i] = queue.append(records[i]);
        queue.endBatch();
        view = v.append(first, queueIndexes, records.length);
    }

    @Override
    public void setHardState(HardState state) {
        checkOpen();
        hardState = state;
        stateDirty = true;
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public void sync() {
        checkOpen();
        queue.force();
        LogView v = view;
        if (stateDirty) {
            stateFile.write(new StateFile.State(v.boundaryIndex, v.boundaryTerm, hardState, snapshot));
            stateDirty = false;
        }
        syncedView = v;
        syncedThrough = queue.lastRecord();
        checkpointed = false;
        if (queue.checkpointDue()) writeCheckpoint();
        // the boundary is durable now: whole cycles before the first live entry can go
        queue.deleteCyclesBelow(v.isEmpty() ? queue.appendCycle() : queue.cycleOf(v.queueIndex(v.firstIndex())));
    }

    /** Writes the index overlay as of the last sync: it covers only forced records and the durable boundary. */
    private void writeCheckpoint() {
        if (checkpointed || syncedThrough < 0) return;
        IndexCheckpoint.write(dir.resolve(CHECKPOINT), syncedView.overlay(syncedThrough));
        queue.checkpointWritten();
        checkpointed = true;
    }

    @Override
    public long firstIndex() {
        return view.firstIndex();
    }

    @Override
    public long lastIndex() {
        return view.lastIndex;
    }

    @Override
    public long term(long index) {
        if (index < 0) throw new IllegalArgumentException("log index must be >= 0, got " + index);
        if (index == 0) return 0;
        checkOpen();
        LogView v = view;
        if (index == v.boundaryIndex) return v.boundaryTerm;
        check(index, index + 1, v);
        return read(v, index, index + 1, Long.MAX_VALUE).getFirst().term();
    }

    @Override
    public List<Entry> entries(long lo, long hi, long maxBytes) {
        if (lo > hi) throw new IllegalArgumentException("entry range [" + lo + ", " + hi + ") has lo > hi");
        checkOpen();
        LogView v = view;
        check(lo, hi, v);
        if (lo == hi) return List.of();
        return read(v, lo, hi, maxBytes);
    }

    private List<Entry> read(LogView v, long lo, long hi, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        long[] chunk = new long[(int) Math.min(READ_CHUNK, hi - lo)];
        for (long next = lo; next < hi; ) {
            int n = (int) Math.min(chunk.length, hi - next);
            for (int k = 0; k < n; k++) chunk[k] = v.queueIndex(next + k);
            List<QueueRecord> records = queue.read(chunk, n);
            for (QueueRecord r : records) {
                Entry e = entryAt(next, r);
                if (!out.isEmpty() && bytes + e.sizeBytes() > maxBytes) return out;
                bytes += e.sizeBytes();
                out.add(e);
                next++;
            }
            if (bytes >= maxBytes) return out;
        }
        return out;
    }

    private Entry entryAt(long index, QueueRecord r) {
        if (r instanceof QueueRecord.Appended(Entry e) && e.index() == index) return e;
        LogView now = view;
        if (index <= now.boundaryIndex) throw new LogCompactedException(index, now.firstIndex()); // its cycle was deleted meanwhile
        checkOpen();
        throw new IllegalStateException("log corrupt: entry " + index + " in " + dir + " reads as " + describe(r));
    }

    private static String describe(QueueRecord r) {
        return switch (r) {
            case QueueRecord.Appended a -> "entry " + a.entry().index();
            case QueueRecord.Restart s -> "a restart after " + s.snapshot().index();
            case QueueRecord.Damaged d -> "a damaged record (" + d.reason() + ")";
        };
    }

    @Override
    public void compact(long upTo) {
        checkOpen();
        LogView v = view;
        if (upTo <= v.boundaryIndex) return;
        if (upTo > v.lastIndex) throw new IllegalArgumentException("cannot compact up to " + upTo + ": the last index is " + v.lastIndex);
        long term = term(upTo);
        view = v.compact(upTo, term);
        stateDirty = true;
    }

    @Override
    public void applySnapshot(SnapshotMetadata m) {
        checkOpen();
        LogView v = view;
        if (m.index() < v.boundaryIndex) {
            throw new IllegalArgumentException("snapshot at index " + m.index()
                    + " is older than the compacted prefix, which ends at " + v.boundaryIndex);
        }
        boolean held = m.index() == v.boundaryIndex
                ? m.term() == v.boundaryTerm
                : m.index() <= v.lastIndex && term(m.index()) == m.term();
        snapshot = m;
        stateDirty = true;
        if (held) return;
        queue.append(QueueRecord.encode(m));
        queue.endBatch();
        view = LogView.empty(m.index(), m.term());
    }

    @Override
    public SnapshotMetadata snapshot() {
        return snapshot;
    }

    /**
     * Closes the queue and the files; like a crash, nothing unsynced is forced. The index checkpoint
     * is brought up to the last sync, so the next open replays only what came after it.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            writeCheckpoint();
        } catch (RuntimeException e) {
            // only an optimisation for the next open, which then replays the whole queue
        }
        closeAll(queue, stateFile, lockChannel);
    }

    /** Queue records replayed when the store was opened, for tests. */
    long replayedAtOpen() {
        return replayedAtOpen;
    }

    /** The queue's directory, for tests. */
    Path queueDirectory() {
        return dir.resolve("queue");
    }

    private static void check(long lo, long hi, LogView v) {
        LogStoreChecks.checkRange(lo, hi, v.boundaryIndex, v.lastIndex);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("the chronicle log in " + dir + " is closed");
    }

    private static void closeAll(EntryQueue queue, StateFile state, FileChannel lockChannel) {
        if (queue != null) queue.close();
        if (state != null) state.close();
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }
}
