package ketch.api.raft;

import java.nio.ByteBuffer;
import ketch.api.Bytes;

/**
 * The binary form of a log entry, shared by every log store (and by the message codec), so stores
 * and transports interoperate. Layout, big-endian: version (1), type (1), index (8), term (8),
 * data length (4), data. Integrity (checksums, torn-tail detection) is the store's framing.
 */
public final class EntryCodec {
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 1 + 1 + 8 + 8 + 4;

    private EntryCodec() {}

    public static int encodedSize(Entry e) {
        return HEADER_BYTES + e.data().size();
    }

    public static void encode(Entry e, ByteBuffer out) {
        out.put(VERSION);
        out.put((byte) e.type().ordinal());
        out.putLong(e.index());
        out.putLong(e.term());
        out.putInt(e.data().size());
        byte[] data = e.data().toByteArray();
        out.put(data);
    }

    public static byte[] encode(Entry e) {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize(e));
        encode(e, buf);
        return buf.array();
    }

    /** Reads one entry; throws {@link IllegalArgumentException} on a malformed or truncated record. */
    public static Entry decode(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("entry truncated: " + in.remaining() + " bytes, header needs " + HEADER_BYTES);
        }
        byte version = in.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown entry version " + version + ", expected " + VERSION);
        int typeOrdinal = in.get();
        Entry.Type[] types = Entry.Type.values();
        if (typeOrdinal < 0 || typeOrdinal >= types.length) throw new IllegalArgumentException("unknown entry type " + typeOrdinal);
        long index = in.getLong();
        long term = in.getLong();
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("entry data length " + length + " exceeds the " + in.remaining() + " bytes left");
        }
        byte[] data = new byte[length];
        in.get(data);
        return new Entry(index, term, types[typeOrdinal], Bytes.wrap(data));
    }

    public static Entry decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }
}
