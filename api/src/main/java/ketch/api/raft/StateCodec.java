package ketch.api.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary forms of the Raft state a log store keeps beside its entries — hard state, snapshot
 * metadata (with its configuration), a log position such as the compaction boundary — shared by
 * every store, as {@link EntryCodec} is for entries. Big-endian, with a leading version byte.
 * Malformed input is refused with {@link IllegalArgumentException}, never read past its end.
 */
public final class StateCodec {
    public static final byte VERSION = 1;

    private StateCodec() {}

    public static byte[] encode(HardState s) {
        return ByteBuffer.allocate(1 + 3 * 8).put(VERSION).putLong(s.term()).putLong(s.vote()).putLong(s.commit()).array();
    }

    public static HardState decodeHardState(byte[] bytes) {
        ByteBuffer in = open(bytes, "hard state", 3 * 8);
        return new HardState(in.getLong(), in.getLong(), in.getLong());
    }

    public static byte[] encode(LogPosition p) {
        return ByteBuffer.allocate(1 + 2 * 8).put(VERSION).putLong(p.index()).putLong(p.term()).array();
    }

    public static LogPosition decodePosition(byte[] bytes) {
        ByteBuffer in = open(bytes, "log position", 2 * 8);
        return new LogPosition(in.getLong(), in.getLong());
    }

    public static byte[] encode(SnapshotMetadata m) {
        ConfState c = m.conf();
        int ids = c.voters().size() + c.learners().size() + c.votersOutgoing().size() + c.learnersNext().size();
        ByteBuffer out = ByteBuffer.allocate(1 + 2 * 8 + 4 * 4 + ids * 8);
        out.put(VERSION).putLong(m.index()).putLong(m.term());
        for (List<Long> list : List.of(c.voters(), c.learners(), c.votersOutgoing(), c.learnersNext())) {
            out.putInt(list.size());
            list.forEach(out::putLong);
        }
        return out.array();
    }

    public static SnapshotMetadata decodeSnapshotMetadata(byte[] bytes) {
        ByteBuffer in = open(bytes, "snapshot metadata", 2 * 8);
        long index = in.getLong();
        long term = in.getLong();
        ConfState conf = new ConfState(ids(in), ids(in), ids(in), ids(in));
        if (in.hasRemaining()) throw new IllegalArgumentException("corrupt snapshot metadata: " + in.remaining() + " bytes after the configuration");
        return new SnapshotMetadata(index, term, conf);
    }

    private static List<Long> ids(ByteBuffer in) {
        if (in.remaining() < 4) throw new IllegalArgumentException("corrupt member id list: " + in.remaining() + " bytes left for its length");
        int n = in.getInt();
        if (n < 0 || n > in.remaining() / 8) {
            throw new IllegalArgumentException("corrupt member id list: length " + n + " with " + in.remaining() + " bytes left");
        }
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(in.getLong());
        return ids;
    }

    private static ByteBuffer open(byte[] bytes, String what, int minBytes) {
        if (bytes.length < 1 + minBytes || bytes[0] != VERSION) {
            throw new IllegalArgumentException("unknown " + what + " format: " + bytes.length + " bytes, version "
                    + (bytes.length > 0 ? bytes[0] : -1) + ", expected version " + VERSION);
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }
}
