package ketch.store.lmdb;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;

/** Binary forms of the values kept in the store's meta database; big-endian, with a leading version. */
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

    static HardState decodeHardState(ByteBuffer bytes) {
        ByteBuffer in = open(bytes, "hard state", 3 * 8);
        return new HardState(in.getLong(), in.getLong(), in.getLong());
    }

    static byte[] encode(Boundary b) {
        return ByteBuffer.allocate(1 + 2 * 8).put(VERSION).putLong(b.index()).putLong(b.term()).array();
    }

    static Boundary decodeBoundary(ByteBuffer bytes) {
        ByteBuffer in = open(bytes, "compaction boundary", 2 * 8);
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

    static SnapshotMetadata decodeSnapshot(ByteBuffer bytes) {
        ByteBuffer in = open(bytes, "snapshot metadata", 2 * 8 + 4 * 4);
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

    /** A big-endian copy of a value read from the map (valid only inside its transaction), past the version. */
    private static ByteBuffer open(ByteBuffer stored, String what, int minBytes) {
        byte[] copy = new byte[stored.remaining()];
        stored.duplicate().get(copy);
        if (copy.length < 1 + minBytes || copy[0] != VERSION) {
            throw new IllegalStateException("unknown " + what + " format in the log store's meta database");
        }
        return ByteBuffer.wrap(copy, 1, copy.length - 1);
    }
}
