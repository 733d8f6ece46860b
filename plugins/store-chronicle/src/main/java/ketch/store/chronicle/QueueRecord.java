package ketch.store.chronicle;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import ketch.api.raft.Entry;
import ketch.api.raft.EntryCodec;
import ketch.api.raft.SnapshotMetadata;

/**
 * One record of the entry queue, framed for torn-write detection: CRC32C (4 bytes, big-endian) over
 * the rest, a kind byte, then an {@link EntryCodec} entry or the snapshot metadata the log restarts
 * after. Chronicle has no checksums of its own.
 */
sealed interface QueueRecord {
    byte ENTRY = 0;
    byte RESTART = 1;

    /** A Raft entry appended at its index (replacing any held suffix from there). */
    record Appended(Entry entry) implements QueueRecord {}

    /** A snapshot was installed that the log did not hold: the log restarts empty after it. */
    record Restart(SnapshotMetadata snapshot) implements QueueRecord {}

    /** A record that fails its checksum or does not parse: torn by a crash, skipped. */
    record Damaged(String reason) implements QueueRecord {}

    static byte[] encode(Entry e) {
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + EntryCodec.encodedSize(e));
        out.position(4);
        out.put(ENTRY);
        EntryCodec.encode(e, out);
        return sealed(out);
    }

    static byte[] encode(SnapshotMetadata m) {
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + SnapshotCodec.encodedSize(m));
        out.position(4);
        out.put(RESTART);
        SnapshotCodec.encode(m, out);
        return sealed(out);
    }

    static int encodedSize(Entry e) {
        return 4 + 1 + EntryCodec.encodedSize(e);
    }

    static QueueRecord decode(byte[] bytes) {
        if (bytes.length < 5) return new Damaged("record of " + bytes.length + " bytes");
        CRC32C crc = new CRC32C();
        crc.update(bytes, 4, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != (int) crc.getValue()) return new Damaged("checksum mismatch");
        byte kind = in.get();
        try {
            return switch (kind) {
                case ENTRY -> new Appended(EntryCodec.decode(in));
                case RESTART -> new Restart(SnapshotCodec.decode(in));
                default -> new Damaged("unknown record kind " + kind);
            };
        } catch (RuntimeException e) {
            return new Damaged(e.getMessage());
        }
    }

    private static byte[] sealed(ByteBuffer out) {
        byte[] bytes = out.array();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 4, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt((int) crc.getValue());
        return bytes;
    }
}
