package ketch.kv;

import java.util.List;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmType;
import ketch.kv.encoding.BinaryReader;
import ketch.kv.encoding.BinaryWriter;

/**
 * The alarms' optional section of a kv snapshot: tag {@value #TAG}, a count, then each alarm's
 * member id and type. Written only when an alarm is raised, so snapshots without alarms keep the
 * version-1 layout byte for byte.
 */
final class AlarmSection {
    static final int TAG = 1;

    private AlarmSection() {}

    static void write(BinaryWriter out, AlarmTable alarms) {
        List<AlarmMember> all = alarms.list(AlarmType.NONE);
        if (all.isEmpty()) return;
        out.writeByte(TAG).writeVarInt(all.size());
        for (AlarmMember a : all) out.writeVarLong(a.memberId()).writeByte(a.alarm().ordinal());
    }

    static void read(BinaryReader in, AlarmTable alarms) {
        int n = in.readCount("alarm count");
        for (int i = 0; i < n; i++) {
            long member = in.readVarLong("alarm member id");
            int type = in.readByte("alarm type");
            if (type >= AlarmType.values().length) {
                throw new IllegalArgumentException("unknown alarm type " + type + " in kv snapshot, expected 0.."
                        + (AlarmType.values().length - 1));
            }
            alarms.activate(new AlarmMember(member, AlarmType.values()[type]));
        }
    }
}
