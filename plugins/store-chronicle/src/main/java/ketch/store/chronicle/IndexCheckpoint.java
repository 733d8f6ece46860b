package ketch.store.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The index overlay on disk: which queue record holds each Raft index of the log, as of the
 * queue record {@code coveredThrough}, so opening replays only the records after it. Runs of
 * consecutive queue indexes are stored as (first Raft index, first queue index, count); they break
 * only where a suffix was replaced or the queue rolled, so the file stays small.
 *
 * <p>Written whole to a temporary file, forced, renamed over the old one and the directory forced,
 * only after the queue records it covers were forced. A missing or damaged file only costs a full
 * replay.
 */
final class IndexCheckpoint {
    private static final int MAGIC = 0x4b434931; // "KCI1"

    /** The log {@code first..first+count-1} at {@code queueIndexes}, covering the queue through {@code coveredThrough}. */
    record Overlay(long coveredThrough, long first, long[] queueIndexes, int count) {}

    private IndexCheckpoint() {}

    static void write(Path file, Overlay o) {
        ByteBuffer out = encode(o);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) ch.write(out);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index checkpoint " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename the index checkpoint to " + file, e);
        }
        Durability.forceDirectory(file.toAbsolutePath().getParent());
    }

    /** The checkpoint in {@code file}, or empty if there is none or it does not check out. */
    static Optional<Overlay> read(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return decode(ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static ByteBuffer encode(Overlay o) {
        int runs = 0;
        for (int k = 0; k < o.count(); k++) if (k == 0 || o.queueIndexes()[k] != o.queueIndexes()[k - 1] + 1) runs++;
        ByteBuffer out = ByteBuffer.allocate(4 + 8 + 8 + 4 + 4 + runs * 20 + 4);
        out.putInt(MAGIC).putLong(o.coveredThrough()).putLong(o.first()).putInt(o.count()).putInt(runs);
        int k = 0;
        while (k < o.count()) {
            int end = k + 1;
            while (end < o.count() && o.queueIndexes()[end] == o.queueIndexes()[end - 1] + 1) end++;
            out.putLong(o.first() + k).putLong(o.queueIndexes()[k]).putInt(end - k);
            k = end;
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        out.flip();
        return out;
    }

    static Optional<Overlay> decode(ByteBuffer in) {
        try {
            if (in.remaining() < 32 || in.getInt(0) != MAGIC) return Optional.empty();
            CRC32C crc = new CRC32C();
            crc.update(in.array(), 0, in.limit() - 4);
            if (in.getInt(in.limit() - 4) != (int) crc.getValue()) return Optional.empty();
            in.position(4);
            long covered = in.getLong();
            long first = in.getLong();
            int count = in.getInt();
            int runs = in.getInt();
            if (count < 0 || runs < 0 || runs > count || (long) runs * 20 > in.remaining()) return Optional.empty();
            long[] slots = new long[Math.max(1, count)];
            int k = 0;
            for (int r = 0; r < runs; r++) {
                long raft = in.getLong();
                long queue = in.getLong();
                int n = in.getInt();
                if (raft != first + k || n <= 0 || k + n > count) return Optional.empty();
                for (int j = 0; j < n; j++) slots[k++] = queue + j;
            }
            if (k != count) return Optional.empty();
            return Optional.of(new Overlay(covered, first, slots, count));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
