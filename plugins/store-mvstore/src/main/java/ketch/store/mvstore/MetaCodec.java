package ketch.store.mvstore;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;

/** Binary forms of the values kept in the store's meta map; big-endian, with a leading version. */
final class MetaCodec {
    private static final byte VERSION = 1;

    private MetaCodec() {}

    /** The compaction boundary: the last index dropped and its term. */
    record Boundary(long index, long term) {
        static final Boundary EMPTY = new Boundary(0, 0);
    }

    static byte[] encode(HardState s) {
        return ByteBuffer.allocate(1 + 3 * 8).put(VERSION).putLong(s.term()).putLong(s.vote()).putLong(s.commit()).array();
    }

    static HardState decodeHardState(byte[] bytes) {
        ByteBuffer in = open(bytes, "hard state");
        return new HardState(in.getLong(), in.getLong(), in.getLong());
    }

    static byte[] encode(Boundary b) {
        return ByteBuffer.allocate(1 + 2 * 8).put(VERSION).putLong(b.index()).putLong(b.term()).array();
    }

    static Boundary decodeBoundary(byte[] bytes) {
        ByteBuffer in = open(bytes, "compaction boundary");
        return new Boundary(in.getLong(), in.getLong());
    }

    static byte[] encode(SnapshotMetadata m) {
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

    static SnapshotMetadata decodeSnapshot(byte[] bytes) {
        ByteBuffer in = open(bytes, "snapshot metadata");
        long index = in.getLong();
        long term = in.getLong();
        ConfState conf = new ConfState(ids(in), ids(in), ids(in), ids(in));
        return new SnapshotMetadata(index, term, conf);
    }

    private static List<Long> ids(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining() / 8) throw new IllegalStateException("corrupt member id list length " + n);
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(in.getLong());
        return ids;
    }

    private static ByteBuffer open(byte[] bytes, String what) {
        if (bytes.length == 0 || bytes[0] != VERSION) {
            throw new IllegalStateException("unknown " + what + " format in the log store's meta map");
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }
}
