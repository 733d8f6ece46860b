package ketch.transport.tcp;

import java.nio.ByteBuffer;

/**
 * The first frame on a dialed connection: who is dialing and whom it expects to reach, so the
 * acceptor can refuse a stranger, a wrong address, or an incompatible version before any message.
 * Layout: magic (4), version (1), sender id (8), receiver id (8).
 */
record Hello(long from, long to) {
    static final int MAGIC = 0x4B544350; // "KTCP"
    static final byte VERSION = 1;
    static final int BYTES = 4 + 1 + 8 + 8;

    Hello {
        if (from == 0 || to == 0) throw new IllegalArgumentException("hello member ids must be non-zero, got " + from + " -> " + to);
    }

    void encode(ByteBuffer out) {
        out.putInt(MAGIC);
        out.put(VERSION);
        out.putLong(from);
        out.putLong(to);
    }

    /** Reads a hello; throws {@link IllegalArgumentException} naming what is wrong. */
    static Hello decode(ByteBuffer in) {
        if (in.remaining() != BYTES) {
            throw new IllegalArgumentException("hello must be " + BYTES + " bytes, got " + in.remaining());
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("hello magic is 0x" + Integer.toHexString(magic) + ", expected 0x"
                    + Integer.toHexString(MAGIC) + " (is the dialer a Ketch tcp transport?)");
        }
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("hello version " + version + " is not supported, expected " + VERSION);
        }
        return new Hello(in.getLong(), in.getLong());
    }
}
