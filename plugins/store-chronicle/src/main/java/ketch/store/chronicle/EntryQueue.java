package ketch.store.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The Chronicle queue that holds the log's records, and everything Chronicle-specific: cycles as
 * size-bounded segments, forcing written files, dropping old cycles, tailers for readers.
 *
 * <p><b>Cycles as segments.</b> Chronicle rolls to a new cycle file when its time provider enters
 * a new cycle. This queue's time provider is a counter: it moves to the next daily cycle when the
 * current file has taken {@code segmentBytes} of records, and at every open, so a reopened store
 * never appends behind a record a crash may have left incomplete (Chronicle closes that cycle with
 * an end-of-file marker on the roll). Old cycles can then be deleted whole.
 *
 * <p>One writer thread calls {@link #append}, {@link #force} and {@link #deleteCyclesBelow}; any
 * thread may call {@link #read}, each read borrowing a tailer from a pool (a Chronicle tailer is
 * single-threaded; the pool hands each one to one thread at a time).
 */
final class EntryQueue implements AutoCloseable {
    private static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
    private static final long TIMEOUT_MS = 500; // only a dead writer's incomplete record can make Chronicle wait
    private static final long CHECKPOINT_EVERY_RECORDS = 100_000;

    private final Path dir;
    private final long segmentBytes;
    private final SegmentClock clock;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ConcurrentLinkedDeque<ExcerptTailer> idleTailers = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedQueue<ExcerptTailer> allTailers = new ConcurrentLinkedQueue<>();
    private final DateTimeFormatter cycleFormat;
    // writer only
    private final Set<Path> unforced = new LinkedHashSet<>();
    private Path currentFile;
    private FileChannel currentChannel;
    private boolean newFileSinceForce;
    private long bytesInCycle;
    private long lastRecord = -1; // queue index of the newest record seen or written
    private boolean rolledSinceCheckpoint;
    private long recordsSinceCheckpoint;

    /** Chronicle's clock, counting segments: cycle {@code n} is day {@code n} after the epoch. */
    private static final class SegmentClock implements net.openhft.chronicle.core.time.TimeProvider {
        private volatile int cycle;

        @Override
        public long currentTimeMillis() {
            return cycle * (long) ROLL_CYCLE.lengthInMillis();
        }
    }

    private EntryQueue(Path dir, long segmentBytes, SegmentClock clock, SingleChronicleQueue queue) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.queue = queue;
        this.cycleFormat = DateTimeFormatter.ofPattern(ROLL_CYCLE.format()).withZone(ZoneOffset.UTC);
        int last = queue.lastCycle();
        // start a new cycle at every open: never append after whatever a crash left at the old end
        clock.cycle = last < 0 ? 0 : last + 1;
        this.appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true); // the node's append lane may move between threads
    }

    static EntryQueue open(Path dir, long blockSize, long segmentBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the queue directory " + dir, e);
        }
        SegmentClock clock = new SegmentClock();
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(ROLL_CYCLE)
                .timeProvider(clock)
                .blockSize(blockSize)
                .timeoutMS(TIMEOUT_MS)
                .syncMode(SyncMode.NONE) // sync() forces whole files; msync on chunk release would only cost time
                .build();
        try {
            return new EntryQueue(dir, segmentBytes, clock, queue);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }

    /** Appends one record and returns its queue index. */
    long append(byte[] record) {
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(record);
        }
        bytesInCycle += record.length;
        recordsSinceCheckpoint++;
        lastRecord = appender.lastIndexAppended();
        return lastRecord;
    }

    /** After a batch: notes the file written for {@link #force}, and starts a new segment if this one is full. */
    void endBatch() {
        File f = appender.currentFile();
        if (f != null) {
            Path p = f.toPath();
            if (!p.equals(currentFile)) {
                if (currentFile != null) unforced.add(currentFile); // the roll wrote an end-of-file marker there
                closeCurrentChannel();
                currentFile = p;
                newFileSinceForce = true;
                rolledSinceCheckpoint = true;
            }
            unforced.add(p);
        }
        if (bytesInCycle >= segmentBytes) {
            clock.cycle = appender.cycle() + 1;
            bytesInCycle = 0;
        }
    }

    /**
     * Forces every file written since the last call: the cycle files (records, Chronicle's index
     * and header pages) and, after a roll, the queue's metadata file and the directory.
     */
    void force() {
        try {
            for (Path p : unforced) {
                if (p.equals(currentFile)) {
                    if (currentChannel == null) currentChannel = FileChannel.open(p, StandardOpenOption.READ);
                    currentChannel.force(true);
                } else if (Files.exists(p)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                        ch.force(true);
                    }
                }
            }
            if (newFileSinceForce) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".cq4t")).toList()) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                            ch.force(true);
                        }
                    }
                }
                Durability.forceDirectory(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the chronicle queue in " + dir, e);
        }
        unforced.clear();
        newFileSinceForce = false;
    }

    /** Forces every cycle file and the directory: what a replay saw becomes the durable base. */
    void forceAll() {
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    ch.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the chronicle queue in " + dir, e);
        }
        Durability.forceDirectory(dir);
    }

    /** Visits every record from the oldest cycle held, in append order, with its queue index. */
    void replay(BiConsumer<Long, QueueRecord> visitor) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.toStart();
            replayFrom(tailer, visitor);
        }
    }

    /**
     * Visits the records after {@code queueIndex}, which must still be held; false (and nothing
     * visited) if it is not, e.g. its cycle was deleted by a compaction.
     */
    boolean replayAfter(long queueIndex, BiConsumer<Long, QueueRecord> visitor) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(queueIndex)) return false;
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent() || dc.index() != queueIndex) return false;
            }
            lastRecord = queueIndex;
            replayFrom(tailer, visitor);
            return true;
        }
    }

    private void replayFrom(ExcerptTailer tailer, BiConsumer<Long, QueueRecord> visitor) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) return;
                lastRecord = dc.index();
                visitor.accept(dc.index(), QueueRecord.decode(bytesOf(dc)));
            }
        }
    }

    /** The queue index of the newest record; -1 if the queue has none. */
    long lastRecord() {
        return lastRecord;
    }

    /** Whether an index checkpoint would save a long replay: after a roll, or many records. */
    boolean checkpointDue() {
        return rolledSinceCheckpoint || recordsSinceCheckpoint >= CHECKPOINT_EVERY_RECORDS;
    }

    void checkpointWritten() {
        rolledSinceCheckpoint = false;
        recordsSinceCheckpoint = 0;
    }

    /**
     * The records at {@code queueIndexes[0..count)}, read in order. A read that fails (e.g. its
     * cycle file went away under a reader holding an older view) ends the list with a
     * {@link QueueRecord.Damaged}; the caller decides what it means.
     */
    List<QueueRecord> read(long[] queueIndexes, int count) {
        ExcerptTailer tailer = borrowTailer();
        boolean healthy = true;
        try {
            List<QueueRecord> out = new ArrayList<>(count);
            long next = Long.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                long q = queueIndexes[i];
                try {
                    out.add(readAt(tailer, q, q == next));
                } catch (RuntimeException e) {
                    healthy = false;
                    out.add(new QueueRecord.Damaged("queue index " + Long.toHexString(q) + ": " + e));
                    break;
                }
                next = q + 1;
            }
            return out;
        } finally {
            if (healthy) {
                idleTailers.push(tailer);
            } else {
                allTailers.remove(tailer); // a tailer that threw may be anywhere: not reused
                tailer.close();
            }
        }
    }

    private QueueRecord readAt(ExcerptTailer tailer, long q, boolean sequential) {
        if (!sequential && !tailer.moveToIndex(q)) return new QueueRecord.Damaged("queue index " + Long.toHexString(q) + " not found");
        try (DocumentContext dc = tailer.readingDocument()) {
            if (dc.isPresent() && dc.index() == q) return QueueRecord.decode(bytesOf(dc));
        }
        if (sequential) return readAt(tailer, q, false); // the tailer was not where expected (e.g. a cycle end)
        return new QueueRecord.Damaged("queue index " + Long.toHexString(q) + " not readable");
    }

    private static byte[] bytesOf(DocumentContext dc) {
        Bytes<?> b = dc.wire().bytes();
        byte[] out = new byte[(int) b.readRemaining()];
        b.read(out);
        return out;
    }

    private ExcerptTailer borrowTailer() {
        ExcerptTailer t = idleTailers.poll();
        if (t != null) return t;
        t = queue.createTailer();
        t.singleThreadedCheckDisabled(true); // pooled: used by one thread at a time, handed over through the pool
        allTailers.add(t);
        return t;
    }

    int cycleOf(long queueIndex) {
        return ROLL_CYCLE.toCycle(queueIndex);
    }

    /** The cycle the next append goes to. */
    int appendCycle() {
        return Math.max(clock.cycle, appender.cycle());
    }

    /** Deletes the cycle files below {@code cycle}; returns how many. Their records must be dead. */
    int deleteCyclesBelow(int cycle) {
        int first = queue.firstCycle();
        if (first >= cycle || first == Integer.MAX_VALUE) return 0;
        NavigableSet<Long> cycles = queue.listCyclesBetween(first, cycle - 1);
        int deleted = 0;
        for (long c : cycles) {
            Path file = fileOf((int) c);
            try {
                if (Files.deleteIfExists(file)) deleted++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the compacted queue file " + file, e);
            }
            unforced.remove(file);
        }
        if (deleted > 0) queue.refreshDirectoryListing();
        return deleted;
    }

    Path fileOf(int cycle) {
        return dir.resolve(cycleFormat.format(Instant.ofEpochMilli(cycle * (long) ROLL_CYCLE.lengthInMillis())) + ".cq4");
    }

    @Override
    public void close() {
        for (ExcerptTailer t : allTailers) t.close();
        appender.close();
        queue.close();
        closeCurrentChannel();
    }

    private void closeCurrentChannel() {
        if (currentChannel == null) return;
        try {
            currentChannel.close();
        } catch (IOException ignored) {
            // a read-only channel used only to force; nothing to lose
        }
        currentChannel = null;
    }
}
