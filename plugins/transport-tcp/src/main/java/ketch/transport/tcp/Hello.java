package ketch.transport.tcp;

import java.nio.ByteBuffer;

/**
 * The first frame on a dialed connection: who is dialing, whom it expects to reach, and in which
 * cluster, so the acceptor can refuse a stranger, a wrong address, a member of another cluster or
 * an incompatible version before any message.
 * Layout (version 2): magic (4), version (1), sender id (8), receiver id (8), cluster id (8).
 *
 * @param clusterId the sender's cluster; 0 when it does not know it yet (a member joining an existing cluster)
 */
record Hello(long from, long to, long clusterId) {
    static final int MAGIC = 0x4B544350; // "KTCP"
    static final byte VERSION = 2;
    static final int BYTES = 4 + 1 + 8 + 8 + 8;

    Hello {
        if (from == 0 || to == 0) throw new IllegalArgumentException("hello member ids must be non-zero, got " + from + " -> " + to);
    }

    /** A hello that announces no cluster. */
    Hello(long from, long to) {
        this(from, to, 0);
    }

    void encode(ByteBuffer out) {
        out.putInt(MAGIC);
        out.put(VERSION);
        out.putLong(from);
        out.putLong(to);
        out.putLong(clusterId);
    }

    /** Reads a hello; throws {@link IllegalArgumentException} naming what is wrong. */
    static Hello decode(ByteBuffer in) {
        if (in.remaining() < 5) {
            throw new IllegalArgumentException("hello must be " + BYTES + " bytes, got " + in.remaining());
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("hello magic is 0x" + Integer.toHexString(magic) + ", expected 0x"
                    + Integer.toHexString(MAGIC) + " (is the dialer a Ketch tcp transport?)");
        }
        byte version = in.get();
        if (version != VERSION) {
            // version 1 had no cluster id: such a member cannot prove its cluster
            throw new IllegalArgumentException("hello version " + version + " is not supported, expected " + VERSION
                    + (version < VERSION ? " (the dialer runs an older Ketch; upgrade every member)" : ""));
        }
        if (in.remaining() != BYTES - 5) {
            throw new IllegalArgumentException("hello must be " + BYTES + " bytes, got " + (in.remaining() + 5));
        }
        return new Hello(in.getLong(), in.getLong(), in.getLong());
    }
}
