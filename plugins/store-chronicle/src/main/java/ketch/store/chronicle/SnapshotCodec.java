package ketch.store.chronicle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.SnapshotMetadata;

/** The binary form of {@link SnapshotMetadata} in the state file and in restart records; big-endian. */
final class SnapshotCodec {
    private SnapshotCodec() {}

    static int encodedSize(SnapshotMetadata m) {
        ConfState c = m.conf();
        int ids = c.voters().size() + c.learners().size() + c.votersOutgoing().size() + c.learnersNext().size();
        return 2 * 8 + 4 * 4 + ids * 8;
    }

    static void encode(SnapshotMetadata m, ByteBuffer out) {
        ConfState c = m.conf();
        out.putLong(m.index()).putLong(m.term());
        for (List<Long> list : List.of(c.voters(), c.learners(), c.votersOutgoing(), c.learnersNext())) {
            out.putInt(list.size());
            list.forEach(out::putLong);
        }
    }

    static SnapshotMetadata decode(ByteBuffer in) {
        long index = in.getLong();
        long term = in.getLong();
        return new SnapshotMetadata(index, term, new ConfState(ids(in), ids(in), ids(in), ids(in)));
    }

    private static List<Long> ids(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining() / 8) throw new IllegalArgumentException("corrupt member id list length " + n);
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(in.getLong());
        return ids;
    }
}
