package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmType;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import ketch.kv.encoding.BinaryReader;
import ketch.kv.encoding.BinaryWriter;

/**
 * The bytes of a {@link KvCommand} in a Raft entry: format version (1 byte), command tag (1 byte),
 * then the fields as unsigned LEB128 varints, length-prefixed byte strings and flag bytes.
 * {@link #decode} rejects anything malformed with an IllegalArgumentException naming the field.
 */
public final class KvCommandCodec {
    public static final int VERSION = 1;
    /** Deeper nesting than this is refused, so a hostile entry cannot exhaust the stack. */
    public static final int MAX_TXN_DEPTH = 64;

    private static final int PUT = 1;
    private static final int DELETE_RANGE = 2;
    private static final int TXN = 3;
    private static final int COMPACT = 4;
    private static final int LEASE_GRANT = 5;
    private static final int LEASE_REVOKE = 6;
    private static final int LEASE_CHECKPOINT = 7;
    private static final int ALARM = 8;
    // membership commands sit apart from the kv ones, leaving 9..19 for more kv commands
    private static final int MEMBER_PUBLISH = 20;
    private static final int MEMBER_UPDATE = 21;

    private static final int OP_RANGE = 1;
    private static final int OP_PUT = 2;
    private static final int OP_DELETE_RANGE = 3;
    private static final int OP_TXN = 4;

    private KvCommandCodec() {}

    public static byte[] encode(KvCommand command) {
        BinaryWriter out = new BinaryWriter();
        out.writeByte(VERSION);
        switch (command) {
            case KvCommand.Put p -> writePut(out.writeByte(PUT), p.request());
            case KvCommand.DeleteRange d -> writeDelete(out.writeByte(DELETE_RANGE), d.request());
            case KvCommand.Txn t -> writeTxn(out.writeByte(TXN), t.request());
            case KvCommand.Compact c -> out.writeByte(COMPACT).writeVarLong(c.request().revision()).writeBoolean(c.request().physical());
            case KvCommand.LeaseGrant g -> out.writeByte(LEASE_GRANT).writeVarLong(g.id()).writeVarLong(g.ttl());
            case KvCommand.LeaseRevoke r -> out.writeByte(LEASE_REVOKE).writeVarLong(r.id());
            case KvCommand.LeaseCheckpoint c -> out.writeByte(LEASE_CHECKPOINT).writeVarLong(c.id()).writeVarLong(c.remainingTtl());
            case KvCommand.MemberPublish m -> ketch.kv.members.MemberCodec.writeUrls(out.writeByte(MEMBER_PUBLISH).writeVarLong(m.id())
                    .writeBytes(Bytes.of(m.name())), m.clientUrls());
            case KvCommand.MemberUpdate m -> ketch.kv.members.MemberCodec.writeUrls(out.writeByte(MEMBER_UPDATE).writeVarLong(m.id()), m.peerUrls());
            case KvCommand.Alarm a -> out.writeByte(ALARM).writeBoolean(a.activate()).writeVarLong(a.alarm().memberId())
                    .writeByte(a.alarm().alarm().ordinal());
        }
        return out.toByteArray();
    }

    public static KvCommand decode(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte("format version");
        if (version != VERSION) throw new IllegalArgumentException("unknown kv command version " + version + ", expected " + VERSION);
        int tag = in.readByte("command tag");
        KvCommand command = switch (tag) {
            case PUT -> new KvCommand.Put(readPut(in));
            case DELETE_RANGE -> new KvCommand.DeleteRange(readDelete(in));
            case TXN -> new KvCommand.Txn(readTxn(in, 1));
            case COMPACT -> new KvCommand.Compact(new CompactionRequest(in.readVarLong("compact revision"), in.readBoolean("physical")));
            case LEASE_GRANT -> new KvCommand.LeaseGrant(in.readVarLong("lease id"), in.readVarLong("lease ttl"));
            case LEASE_REVOKE -> new KvCommand.LeaseRevoke(in.readVarLong("lease id"));
            case LEASE_CHECKPOINT -> new KvCommand.LeaseCheckpoint(in.readVarLong("lease id"), in.readVarLong("remaining ttl"));
            case MEMBER_PUBLISH -> new KvCommand.MemberPublish(in.readVarLong("member id"), in.readBytes("member name").toStringUtf8(),
                    ketch.kv.members.MemberCodec.readUrls(in, "client URL"));
            case MEMBER_UPDATE -> new KvCommand.MemberUpdate(in.readVarLong("member id"), ketch.kv.members.MemberCodec.readUrls(in, "peer URL"));
            case ALARM -> new KvCommand.Alarm(in.readBoolean("alarm activate flag"), new AlarmMember(in.readVarLong("alarm member id"),
                    enumValue(AlarmType.values(), in.readByte("alarm type"), "alarm type")));
            default -> throw new IllegalArgumentException("unknown kv command tag " + tag + ", expected 1.." + ALARM
                    + ", " + MEMBER_PUBLISH + " or " + MEMBER_UPDATE);
        };
        in.expectEnd("kv command");
        return command;
    }

    private static void writePut(BinaryWriter out, PutRequest p) {
        out.writeBytes(p.key()).writeBytes(p.value()).writeVarLong(p.lease())
                .writeByte(flags(p.prevKv(), p.ignoreValue(), p.ignoreLease()));
    }

    private static PutRequest readPut(BinaryReader in) {
        Bytes key = in.readBytes("put key");
        Bytes value = in.readBytes("put value");
        long lease = in.readVarLong("put lease");
        int f = readFlags(in, "put flags", 3);
        return new PutRequest(key, value, lease, bit(f, 0), bit(f, 1), bit(f, 2));
    }

    private static void writeDelete(BinaryWriter out, DeleteRangeRequest d) {
        out.writeBytes(d.key()).writeBytes(d.rangeEnd()).writeBoolean(d.prevKv());
    }

    private static DeleteRangeRequest readDelete(BinaryReader in) {
        return new DeleteRangeRequest(in.readBytes("delete key"), in.readBytes("delete range end"), in.readBoolean("delete prev_kv"));
    }

    private static void writeRange(BinaryWriter out, RangeRequest r) {
        out.writeBytes(r.key()).writeBytes(r.rangeEnd()).writeVarLong(r.limit()).writeVarLong(r.revision())
                .writeByte(r.sortOrder().ordinal()).writeByte(r.sortTarget().ordinal())
                .writeByte(flags(r.serializable(), r.keysOnly(), r.countOnly()))
                .writeVarLong(r.minModRevision()).writeVarLong(r.maxModRevision())
                .writeVarLong(r.minCreateRevision()).writeVarLong(r.maxCreateRevision());
    }

    private static RangeRequest readRange(BinaryReader in) {
        Bytes key = in.readBytes("range key");
        Bytes end = in.readBytes("range end");
        long limit = in.readVarLong("range limit");
        long revision = in.readVarLong("range revision");
        SortOrder order = enumValue(SortOrder.values(), in.readByte("sort order"), "sort order");
        SortTarget target = enumValue(SortTarget.values(), in.readByte("sort target"), "sort target");
        int f = readFlags(in, "range flags", 3);
        return new RangeRequest(key, end, limit, revision, order, target, bit(f, 0), bit(f, 1), bit(f, 2),
                in.readVarLong("min mod revision"), in.readVarLong("max mod revision"),
                in.readVarLong("min create revision"), in.readVarLong("max create revision"));
    }

    private static void writeTxn(BinaryWriter out, TxnRequest t) {
        out.writeVarInt(t.compare().size());
        for (Compare c : t.compare()) {
            out.writeByte(c.result().ordinal()).writeByte(c.target().ordinal()).writeBytes(c.key()).writeBytes(c.rangeEnd())
                    .writeVarLong(c.number()).writeBytes(c.value());
        }
        writeOps(out, t.success());
        writeOps(out, t.failure());
    }

    private static TxnRequest readTxn(BinaryReader in, int depth) {
        if (depth > MAX_TXN_DEPTH) throw new IllegalArgumentException("txn nested deeper than " + MAX_TXN_DEPTH + " levels");
        int n = in.readCount("compare count");
        List<Compare> compares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Compare.Result result = enumValue(Compare.Result.values(), in.readByte("compare result"), "compare result");
            Compare.Target target = enumValue(Compare.Target.values(), in.readByte("compare target"), "compare target");
            compares.add(new Compare(result, target, in.readBytes("compare key"), in.readBytes("compare range end"),
                    in.readVarLong("compare operand"), in.readBytes("compare value")));
        }
        List<RequestOp> success = readOps(in, depth);
        List<RequestOp> failure = readOps(in, depth);
        return new TxnRequest(compares, success, failure);
    }

    private static void writeOps(BinaryWriter out, List<RequestOp> ops) {
        out.writeVarInt(ops.size());
        for (RequestOp op : ops) {
            switch (op) {
                case RequestOp.Range g -> writeRange(out.writeByte(OP_RANGE), g.request());
                case RequestOp.Put p -> writePut(out.writeByte(OP_PUT), p.request());
                case RequestOp.DeleteRange d -> writeDelete(out.writeByte(OP_DELETE_RANGE), d.request());
                case RequestOp.Txn t -> writeTxn(out.writeByte(OP_TXN), t.request());
            }
        }
    }

    private static List<RequestOp> readOps(BinaryReader in, int depth) {
        int n = in.readCount("op count");
        List<RequestOp> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = in.readByte("op tag");
            ops.add(switch (tag) {
                case OP_RANGE -> new RequestOp.Range(readRange(in));
                case OP_PUT -> new RequestOp.Put(readPut(in));
                case OP_DELETE_RANGE -> new RequestOp.DeleteRange(readDelete(in));
                case OP_TXN -> new RequestOp.Txn(readTxn(in, depth + 1));
                default -> throw new IllegalArgumentException("unknown txn op tag " + tag + " at offset " + (in.position() - 1) + ", expected 1..4");
            });
        }
        return ops;
    }

    private static int flags(boolean a, boolean b, boolean c) {
        return (a ? 1 : 0) | (b ? 2 : 0) | (c ? 4 : 0);
    }

    private static int readFlags(BinaryReader in, String field, int bits) {
        int f = in.readByte(field);
        if ((f >>> bits) != 0) throw new IllegalArgumentException("unknown bits in " + field + ": " + Integer.toBinaryString(f));
        return f;
    }

    private static boolean bit(int flags, int i) {
        return (flags & (1 << i)) != 0;
    }

    private static <E extends Enum<E>> E enumValue(E[] values, int ordinal, String field) {
        if (ordinal >= values.length) {
            throw new IllegalArgumentException("unknown " + field + " " + ordinal + ", expected 0.." + (values.length - 1));
        }
        return values[ordinal];
    }
}
