package ketch.kv;

import ketch.kv.encoding.BinaryReader;
import ketch.kv.encoding.BinaryWriter;
import ketch.kv.members.MemberCodec;
import ketch.kv.members.MemberTable;

/**
 * The member table's optional section of a kv snapshot: tag {@value #TAG}, then
 * {@link MemberCodec#writeTable}'s versioned layout. Written only when the table knows a member
 * or a cluster id, so a snapshot without it restores with an empty table.
 */
final class MemberSection {
    static final int TAG = 2;

    private MemberSection() {}

    static void write(BinaryWriter out, MemberTable members) {
        if (members.isEmpty() && members.clusterId() == 0 && members.removed().isEmpty()) return;
        out.writeByte(TAG);
        MemberCodec.writeTable(out, members);
    }

    static MemberTable read(BinaryReader in) {
        return MemberCodec.readTable(in);
    }
}
