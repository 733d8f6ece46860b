package ketch.api.raft;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;

/**
 * The one binary form of every {@link Message}, used by every transport so peers interoperate.
 * Layout, big-endian: version (1), kind (1), from (8), to (8), term (8), then the kind's fields in
 * record order; entries use {@link EntryCodec}; lists and byte strings are prefixed by a 4-byte
 * count. Decoding checks every count against the bytes left, so a bogus length is an
 * {@link IllegalArgumentException}, never a huge allocation.
 */
public final class MessageCodec {
    public static final byte VERSION = 1;
    private static final int HEADER_BYTES = 1 + 1 + 8 + 8 + 8;

    private MessageCodec() {}

    /** Bytes {@link #encode(Message, ByteBuffer)} writes for {@code m}. */
    public static int encodedSize(Message m) {
        int body =
                switch (m) {
                    case AppendEntries a -> 8 + 8 + 4 + entriesSize(a.entries()) + 8;
                    case AppendResponse a -> 8 + 1 + 8 + 8;
                    case RequestVote r -> 8 + 8 + 1 + 1;
                    case VoteResponse v -> 1 + 1;
                    case Heartbeat h -> 8 + 8;
                    case HeartbeatResponse h -> 8;
                    case InstallSnapshot s -> metadataSize(s.snapshot()) + 8 + 4 + s.chunk().size() + 1;
                    case SnapshotResponse s -> 8 + 8 + 1;
                    case TimeoutNow t -> 0;
                    case Propose p -> 1 + 4 + p.payloads().stream().mapToInt(b -> 4 + b.size()).sum();
                    case ReadIndexRequest r -> 8;
                    case ReadIndexResponse r -> 8 + 8 + 1;
                };
        return HEADER_BYTES + body;
    }

    public static byte[] encode(Message m) {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize(m));
        encode(m, buf);
        return buf.array();
    }

    public static void encode(Message m, ByteBuffer out) {
        out.put(VERSION);
        out.put(kind(m));
        out.putLong(m.from());
        out.putLong(m.to());
        out.putLong(m.term());
        switch (m) {
            case AppendEntries a -> {
                out.putLong(a.prevIndex());
                out.putLong(a.prevTerm());
                out.putInt(a.entries().size());
                for (Entry e : a.entries()) EntryCodec.encode(e, out);
                out.putLong(a.commit());
            }
            case AppendResponse a -> {
                out.putLong(a.index());
                putBoolean(out, a.reject());
                out.putLong(a.rejectHint());
                out.putLong(a.rejectHintTerm());
            }
            case RequestVote r -> {
                out.putLong(r.lastIndex());
                out.putLong(r.lastTerm());
                putBoolean(out, r.preVote());
                putBoolean(out, r.leaderTransfer());
            }
            case VoteResponse v -> {
                putBoolean(out, v.preVote());
                putBoolean(out, v.granted());
            }
            case Heartbeat h -> {
                out.putLong(h.commit());
                out.putLong(h.readRound());
            }
            case HeartbeatResponse h -> out.putLong(h.readRound());
            case InstallSnapshot s -> {
                putMetadata(out, s.snapshot());
                out.putLong(s.offset());
                putBytes(out, s.chunk());
                putBoolean(out, s.done());
            }
            case SnapshotResponse s -> {
                out.putLong(s.snapshotIndex());
                out.putLong(s.nextOffset());
                putBoolean(out, s.reject());
            }
            case TimeoutNow t -> {}
            case Propose p -> {
                out.put((byte) p.type().ordinal());
                out.putInt(p.payloads().size());
                for (Bytes b : p.payloads()) putBytes(out, b);
            }
            case ReadIndexRequest r -> out.putLong(r.requestId());
            case ReadIndexResponse r -> {
                out.putLong(r.requestId());
                out.putLong(r.index());
                putBoolean(out, r.ok());
            }
        }
    }

    public static Message decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** Reads one message; throws {@link IllegalArgumentException} on malformed or truncated input. */
    public static Message decode(ByteBuffer in) {
        try {
            return decodeUnchecked(in);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("message truncated", e);
        }
    }

    private static Message decodeUnchecked(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("message truncated: " + in.remaining() + " bytes, header needs " + HEADER_BYTES);
        }
        byte version = in.get();
        if (version != VERSION) throw new IllegalArgumentException("unknown message version " + version + ", expected " + VERSION);
        byte kind = in.get();
        long from = in.getLong();
        long to = in.getLong();
        long term = in.getLong();
        return switch (kind) {
            case 1 -> {
                long prevIndex = in.getLong();
                long prevTerm = in.getLong();
                int n = count(in, EntryCodec.HEADER_BYTES, "entry");
                List<Entry> entries = new ArrayList<>(n);
                for (int i = 0; i < n; i++) entries.add(EntryCodec.decode(in));
                yield new AppendEntries(from, to, term, prevIndex, prevTerm, entries, in.getLong());
            }
            case 2 -> new AppendResponse(from, to, term, in.getLong(), getBoolean(in), in.getLong(), in.getLong());
            case 3 -> new RequestVote(from, to, term, in.getLong(), in.getLong(), getBoolean(in), getBoolean(in));
            case 4 -> new VoteResponse(from, to, term, getBoolean(in), getBoolean(in));
            case 5 -> new Heartbeat(from, to, term, in.getLong(), in.getLong());
            case 6 -> new HeartbeatResponse(from, to, term, in.getLong());
            case 7 -> new InstallSnapshot(from, to, term, getMetadata(in), in.getLong(), getBytes(in), getBoolean(in));
            case 8 -> new SnapshotResponse(from, to, term, in.getLong(), in.getLong(), getBoolean(in));
            case 9 -> new TimeoutNow(from, to, term);
            case 10 -> {
                int typeOrdinal = in.get();
                Entry.Type[] types = Entry.Type.values();
                if (typeOrdinal < 0 || typeOrdinal >= types.length) {
                    throw new IllegalArgumentException("unknown entry type " + typeOrdinal + " in proposal");
                }
                int n = count(in, 4, "payload");
                List<Bytes> payloads = new ArrayList<>(n);
                for (int i = 0; i < n; i++) payloads.add(getBytes(in));
                yield new Propose(from, to, term, types[typeOrdinal], payloads);
            }
            case 11 -> new ReadIndexRequest(from, to, term, in.getLong());
            case 12 -> new ReadIndexResponse(from, to, term, in.getLong(), in.getLong(), getBoolean(in));
            default -> throw new IllegalArgumentException("unknown message kind " + kind + ", expected 1..12");
        };
    }

    private static byte kind(Message m) {
        return switch (m) {
            case AppendEntries a -> 1;
            case AppendResponse a -> 2;
            case RequestVote r -> 3;
            case VoteResponse v -> 4;
            case Heartbeat h -> 5;
            case HeartbeatResponse h -> 6;
            case InstallSnapshot s -> 7;
            case SnapshotResponse s -> 8;
            case TimeoutNow t -> 9;
            case Propose p -> 10;
            case ReadIndexRequest r -> 11;
            case ReadIndexResponse r -> 12;
        };
    }

    private static int entriesSize(List<Entry> entries) {
        int size = 0;
        for (Entry e : entries) size += EntryCodec.encodedSize(e);
        return size;
    }

    private static int metadataSize(SnapshotMetadata meta) {
        ConfState c = meta.conf();
        int ids = c.voters().size() + c.learners().size() + c.votersOutgoing().size() + c.learnersNext().size();
        return 8 + 8 + 4 * 4 + 8 * ids;
    }

    private static void putMetadata(ByteBuffer out, SnapshotMetadata meta) {
        out.putLong(meta.index());
        out.putLong(meta.term());
        ConfState c = meta.conf();
        putIds(out, c.voters());
        putIds(out, c.learners());
        putIds(out, c.votersOutgoing());
        putIds(out, c.learnersNext());
    }

    private static SnapshotMetadata getMetadata(ByteBuffer in) {
        long index = in.getLong();
        long term = in.getLong();
        ConfState conf = new ConfState(getIds(in), getIds(in), getIds(in), getIds(in));
        return new SnapshotMetadata(index, term, conf);
    }

    private static void putIds(ByteBuffer out, List<Long> ids) {
        out.putInt(ids.size());
        for (long id : ids) out.putLong(id);
    }

    private static List<Long> getIds(ByteBuffer in) {
        int n = count(in, 8, "member id");
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ids.add(in.getLong());
        return ids;
    }

    private static void putBytes(ByteBuffer out, Bytes b) {
        out.putInt(b.size());
        byte[] copy = new byte[b.size()];
        b.copyTo(copy, 0);
        out.put(copy);
    }

    private static Bytes getBytes(ByteBuffer in) {
        int n = count(in, 1, "byte");
        byte[] data = new byte[n];
        in.get(data);
        return Bytes.wrap(data);
    }

    /** Reads a count and checks that that many items of at least {@code minItemBytes} can fit. */
    private static int count(ByteBuffer in, int minItemBytes, String what) {
        int n = in.getInt();
        if (n < 0 || (long) n * minItemBytes > in.remaining()) {
            throw new IllegalArgumentException(what + " count " + n + " does not fit in the " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static void putBoolean(ByteBuffer out, boolean b) {
        out.put(b ? (byte) 1 : (byte) 0);
    }

    private static boolean getBoolean(ByteBuffer in) {
        byte b = in.get();
        if (b != 0 && b != 1) throw new IllegalArgumentException("boolean byte must be 0 or 1, got " + b);
        return b == 1;
    }
}
