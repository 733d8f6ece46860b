package ketch.node.snapshot;

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
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * State-machine snapshots on disk, one file each: {@code <index>-<term>.snap} holding a header
 * (magic, version, index, term, length, CRC32C) and the state bytes. Written to a temporary file,
 * forced, renamed and the directory forced, so a crash leaves either the old set or the new one.
 * A file that fails its checksum is skipped with a warning and the next older one is used.
 */
public final class SnapshotFiles {
    private static final Logger LOG = Logger.getLogger(SnapshotFiles.class.getName());
    private static final int MAGIC = 0x4b534e50; // "KSNP"
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 4;
    private static final int KEEP = 2;

    /** A snapshot read back: where it sits in the log and the state bytes. */
    public record Loaded(long index, long term, byte[] data) {}

    private final Path dir;

    public SnapshotFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create snapshot directory " + dir, e);
        }
    }

    /** Durably writes a snapshot and prunes all but the newest few. */
    public void save(long index, long term, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        ByteBuffer header = ByteBuffer.allocate(HEADER)
                .putInt(MAGIC).putInt(VERSION).putLong(index).putLong(term).putLong(data.length).putInt((int) crc.getValue())
                .flip();
        Path tmp = dir.resolve(name(index, term) + ".tmp");
        Path target = dir.resolve(name(index, term));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (header.hasRemaining()) ch.write(header);
            ByteBuffer body = ByteBuffer.wrap(data);
            while (body.hasRemaining()) ch.write(body);
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

    /** The newest intact snapshot, if any. */
    public Optional<Loaded> newest() {
        for (Path file : filesNewestFirst()) {
            try {
                return Optional.of(read(file));
            } catch (IOException | IllegalStateException e) {
                LOG.warning("skipping unreadable snapshot " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The snapshot at exactly {@code index}, if it is still on disk. */
    public Optional<Loaded> at(long index) {
        for (Path file : filesNewestFirst()) {
            if (indexOf(file) == index) {
                try {
                    return Optional.of(read(file));
                } catch (IOException | IllegalStateException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Loaded read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all);
        if (all.length < HEADER || buf.getInt() != MAGIC) throw new IllegalStateException("not a Ketch snapshot");
        int version = buf.getInt();
        if (version != VERSION) throw new IllegalStateException("unknown snapshot version " + version);
        long index = buf.getLong();
        long term = buf.getLong();
        long length = buf.getLong();
        int crc = buf.getInt();
        if (length != all.length - HEADER) throw new IllegalStateException("length " + length + " does not match the file");
        byte[] data = new byte[(int) length];
        buf.get(data);
        CRC32C check = new CRC32C();
        check.update(data);
        if ((int) check.getValue() != crc) throw new IllegalStateException("checksum mismatch");
        return new Loaded(index, term, data);
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
