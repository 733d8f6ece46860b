package ketch.node.snapshot;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import ketch.kv.SnapshotInput;
import ketch.kv.SnapshotOutput;

/**
 * State-machine snapshots on disk, one file each: {@code <index>-<term>.snap} holding a header
 * (magic, version, index, term, length, CRC32C) and the state bytes. Written as a stream to a temporary file,
 * forced, renamed and the directory forced, so a crash leaves either the old set or the new one.
 * A file that fails its checksum is skipped with a warning and the next older one is used.
 */
public final class SnapshotFiles {
    private static final Logger LOG = Logger.getLogger(SnapshotFiles.class.getName());
    private static final int MAGIC = 0x4b534e50; // "KSNP"
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 4;
    private static final int KEEP = 2;

    /** Read and write in slices: one large heap buffer would make the JDK copy it through a direct buffer as large, which it then caches. */
    private static final int SLICE = 256 * 1024;

    /**
     * A snapshot on disk whose checksum was verified: where it sits in the log and its file. The
     * state bytes are read from the file when needed, in slices, never held whole.
     */
    public record Loaded(long index, long term, Path file, long length) {
        /** Hands {@code reader} the state bytes as a stream; the file is closed when it returns. */
        public <T> T read(Function<SnapshotInput, T> reader) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ch.position(HEADER);
                long[] left = {length};
                return reader.apply((dst, offset, len) -> {
                    if (left[0] == 0) return -1;
                    try {
                        int n = ch.read(ByteBuffer.wrap(dst, offset, (int) Math.min(len, left[0])));
                        if (n < 0) throw new UncheckedIOException(new EOFException("snapshot " + file + " ended early"));
                        left[0] -= n;
                        return n;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read snapshot " + file, e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read snapshot " + file, e);
            }
        }

        /** Opens the state bytes for reads at any offset (sending to a follower); the caller closes the channel. */
        public StateChannel open() {
            try {
                return new StateChannel(FileChannel.open(file, StandardOpenOption.READ), length);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open snapshot " + file, e);
            }
        }
    }

    /** A snapshot file's state bytes open for positional reads; stays readable after the file is pruned. */
    public static final class StateChannel implements AutoCloseable {
        private final FileChannel channel;
        private final long length;

        private StateChannel(FileChannel channel, long length) {
            this.channel = channel;
            this.length = length;
        }

        public long length() {
            return length;
        }

        /** Up to {@code max} bytes from {@code offset} (fewer only at the end). */
        public byte[] read(long offset, int max) {
            int n = (int) Math.max(0, Math.min(max, length - offset));
            byte[] out = new byte[n];
            ByteBuffer buf = ByteBuffer.wrap(out);
            try {
                while (buf.hasRemaining()) {
                    if (channel.read(buf, HEADER + offset + buf.position()) < 0) throw new EOFException("snapshot ended at " + (offset + buf.position()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read snapshot", e);
            }
            return out;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warning("cannot close a snapshot file: " + e.getMessage());
            }
        }
    }

    private final Path dir;

    public SnapshotFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + dir, e);
        }
    }

    /** Durably writes a snapshot held in memory (a leader's, received whole) and prunes all but the newest few. */
    public void save(long index, long term, byte[] data) {
        save(index, term, out -> {
            for (int from = 0; from < data.length; from += SLICE) out.write(data, from, Math.min(SLICE, data.length - from));
        });
    }

    /**
     * Durably writes the snapshot that {@code writer} streams to its output, and prunes all but the
     * newest few. The header (with the length and checksum known only at the end) goes in last.
     */
    public void save(long index, long term, Consumer<SnapshotOutput> writer) {
        Path tmp = dir.resolve(name(index, term) + ".tmp");
        Path target = dir.resolve(name(index, term));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            long[] length = {0};
            ch.position(HEADER);
            writer.accept((chunk, offset, len) -> {
                crc.update(chunk, offset, len);
                length[0] += len;
                writeFully(ch, ByteBuffer.wrap(chunk, offset, len), tmp);
            });
            ByteBuffer header = ByteBuffer.allocate(HEADER)
                    .putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).putLong(length[0]).putInt((int) crc.getValue())
                    .flip();
            while (header.hasRemaining()) ch.write(header, header.position());
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + tmp, e);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish snapshot " + target, e);
        }
        prune();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, Path file) {
        try {
            while (buf.hasRemaining()) {
                int n = Math.min(buf.remaining(), SLICE);
                ByteBuffer slice = buf.slice(buf.position(), n);
                while (slice.hasRemaining()) ch.write(slice);
                buf.position(buf.position() + n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write snapshot " + file, e);
        }
    }

    /** The newest intact snapshot, if any. */
    public Optional<Loaded> newest() {
        for (Path file : filesNewestFirst()) {
            try {
                return Optional.of(verify(file));
            } catch (IOException | IllegalStateException e) {
                LOG.warning("skipping unreadable snapshot " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The snapshot at exactly {@code index}, if it is still on disk and intact. */
    public Optional<Loaded> at(long index) {
        for (Path file : filesNewestFirst()) {
            if (indexOf(file) == index) {
                try {
                    return Optional.of(verify(file));
                } catch (IOException | IllegalStateException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** Checks the header and the checksum of the state bytes, reading the file in slices. */
    private static Loaded verify(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(HEADER);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // reads the header
            }
            buf.flip();
            if (buf.limit() < HEADER || buf.getInt() != MAGIC) throw new IllegalStateException("not a Ketch snapshot");
            int version = buf.getInt();
            if (version != VERSION) throw new IllegalStateException("unknown snapshot version " + version);
            long index = buf.getLong();
            long term = buf.getLong();
            long length = buf.getLong();
            int crc = buf.getInt();
            if (length != ch.size() - HEADER) throw new IllegalStateException("length " + length + " does not match the file");
            CRC32C check = new CRC32C();
            ByteBuffer slice = ByteBuffer.allocate(SLICE);
            while (ch.read(slice.clear()) > 0) check.update(slice.flip());
            if ((int) check.getValue() != crc) throw new IllegalStateException("checksum mismatch");
            return new Loaded(index, term, file, length);
        }
    }

    private List<Path> filesNewestFirst() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".snap")).toList());
            out.sort((a, b) -> Long.compare(indexOf(b), indexOf(a)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list snapshots in " + dir, e);
        }
    }

    private void prune() {
        List<Path> files = filesNewestFirst();
        for (int i = KEEP; i < files.size(); i++) {
            try {
                Files.deleteIfExists(files.get(i));
            } catch (IOException e) {
                LOG.warning("cannot delete old snapshot " + files.get(i) + ": " + e.getMessage());
            }
        }
    }

    private void forceDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static String name(long index, long term) {
        return String.format("%016x-%016x.snap", index, term);
    }

    private static long indexOf(Path file) {
        String n = file.getFileName().toString();
        try {
            return Long.parseUnsignedLong(n.substring(0, 16), 16);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
