package ketch.store.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;

/**
 * The hard state, the snapshot metadata and the compaction boundary in one small file with two
 * fixed slots. Each write goes to the slot not holding the newest state, with a sequence number
 * and a CRC32C, and is forced; a write torn by a crash spoils only that slot, so opening picks the
 * valid slot with the higher sequence. One fdatasync per write, no rename and no directory sync.
 */
final class StateFile implements AutoCloseable {
    static final int SLOT_BYTES = 4096;
    private static final int MAGIC = 0x4b435331; // "KCS1"

    /** What the file holds: the compaction boundary (last dropped index and its term), hard state, snapshot. */
    record State(long boundaryIndex, long boundaryTerm, HardState hardState, SnapshotMetadata snapshot) {
        static final State EMPTY = new State(0, 0, HardState.EMPTY, SnapshotMetadata.EMPTY);
    }

    private final Path file;
    private final FileChannel channel;
    private final State loaded;
    private long sequence;

    private StateFile(Path file, FileChannel channel, State loaded, long sequence) {
        this.file = file;
        this.channel = channel;
        this.loaded = loaded;
        this.sequence = sequence;
    }

    /** Opens or creates the file; fails naming the file when both slots are unreadable. */
    static StateFile open(Path file) {
        boolean created = !Files.exists(file);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created || ch.size() == 0) {
                ch.write(ByteBuffer.allocate(2 * SLOT_BYTES), 0);
                ch.force(true);
                Durability.forceDirectory(file.toAbsolutePath().getParent());
                return new StateFile(file, ch, State.EMPTY, 0);
            }
            Optional<Slot> a = readSlot(ch, 0);
            Optional<Slot> b = readSlot(ch, 1);
            Slot newest;
            if (a.isPresent() && b.isPresent()) newest = a.get().sequence() >= b.get().sequence() ? a.get() : b.get();
            else if (a.isPresent() || b.isPresent()) newest = a.orElseGet(b::get);
            else if (isAllZero(ch)) newest = new Slot(0, State.EMPTY); // created, then crashed before the first write
            else throw new IllegalStateException("log state file " + file + " is corrupt: neither slot has a valid checksum");
            return new StateFile(file, ch, newest.state(), newest.sequence());
        } catch (IOException e) {
            closeQuietly(ch);
            throw new UncheckedIOException("cannot open the log state file " + file, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    State loaded() {
        return loaded;
    }

    /** Writes {@code s} to the older slot and forces it. */
    void write(State s) {
        long next = sequence + 1;
        ByteBuffer slot = encode(next, s);
        try {
            long at = (next & 1) * SLOT_BYTES;
            while (slot.hasRemaining()) at += channel.write(slot, at);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log state file " + file, e);
        }
        sequence = next;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private record Slot(long sequence, State state) {}

    static ByteBuffer encode(long sequence, State s) {
        ByteBuffer body = ByteBuffer.allocate(SLOT_BYTES - 4);
        body.putInt(MAGIC).putLong(sequence);
        body.putLong(s.boundaryIndex()).putLong(s.boundaryTerm());
        HardState hs = s.hardState();
        body.putLong(hs.term()).putLong(hs.vote()).putLong(hs.commit());
        if (SnapshotCodec.encodedSize(s.snapshot()) > body.remaining()) {
            throw new IllegalArgumentException("snapshot configuration of " + s.snapshot().conf()
                    + " does not fit the " + SLOT_BYTES + "-byte log state slot");
        }
        SnapshotCodec.encode(s.snapshot(), body);
        int length = body.position();
        CRC32C crc = new CRC32C();
        crc.update(body.array(), 0, length);
        ByteBuffer out = ByteBuffer.allocate(SLOT_BYTES);
        out.put(body.array(), 0, length).putInt((int) crc.getValue());
        out.flip();
        return out;
    }

    private static Optional<Slot> readSlot(FileChannel ch, int index) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(SLOT_BYTES);
        long at = (long) index * SLOT_BYTES;
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) > 0) {
            // read the whole slot
        }
        buf.flip();
        return decode(buf);
    }

    static Optional<Slot> decode(ByteBuffer buf) {
        try {
            if (buf.remaining() < 4 + 8 + 5 * 8 + 4 || buf.getInt(0) != MAGIC) return Optional.empty();
            buf.position(4);
            long sequence = buf.getLong();
            long boundaryIndex = buf.getLong();
            long boundaryTerm = buf.getLong();
            HardState hs = new HardState(buf.getLong(), buf.getLong(), buf.getLong());
            SnapshotMetadata snap = SnapshotCodec.decode(buf);
            int length = buf.position();
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), 0, length);
            if (buf.getInt() != (int) crc.getValue()) return Optional.empty();
            return Optional.of(new Slot(sequence, new State(boundaryIndex, boundaryTerm, hs, snap)));
        } catch (RuntimeException e) {
            return Optional.empty(); // a torn slot: garbage lengths, negative values
        }
    }

    private static boolean isAllZero(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(2 * SLOT_BYTES);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read both slots
        }
        for (int i = 0; i < buf.position(); i++) if (buf.get(i) != 0) return false;
        return true;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after a failure; the failure is what gets reported
        }
    }
}
