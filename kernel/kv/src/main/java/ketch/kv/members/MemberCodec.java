package ketch.kv.members;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.Member;
import ketch.kv.encoding.BinaryReader;
import ketch.kv.encoding.BinaryWriter;

/**
 * Binary forms of membership data. Attributes (a conf-change entry's context): version 1, name,
 * peer URL count and URLs, cluster id. Table (the snapshot's member section): version 1, cluster
 * id, members (id, name, learner flag, peer URLs, client URLs), removed ids. Strings are
 * length-prefixed UTF-8, numbers unsigned LEB128 varints. Malformed input gets an
 * IllegalArgumentException naming the field.
 */
public final class MemberCodec {
    public static final int ATTRIBUTES_VERSION = 1;
    public static final int TABLE_VERSION = 1;
    /** More URLs than this in one member is refused, so a hostile entry cannot allocate without bound. */
    private static final int MAX_URLS = 64;

    private MemberCodec() {}

    public static byte[] encodeAttributes(MemberAttributes a) {
        BinaryWriter out = new BinaryWriter(64);
        out.writeByte(ATTRIBUTES_VERSION);
        writeString(out, a.name());
        writeUrls(out, a.peerUrls());
        out.writeVarLong(a.clusterId());
        return out.toByteArray();
    }

    public static MemberAttributes decodeAttributes(byte[] bytes) {
        BinaryReader in = new BinaryReader(bytes);
        int version = in.readByte("member attributes version");
        if (version != ATTRIBUTES_VERSION) {
            throw new IllegalArgumentException("unknown member attributes version " + version + ", expected " + ATTRIBUTES_VERSION);
        }
        String name = readString(in, "member name");
        List<URI> peers = readUrls(in, "peer URL");
        long clusterId = in.readVarLong("cluster id");
        in.expectEnd("member attributes");
        return new MemberAttributes(name, peers, clusterId);
    }

    /** Appends the table's section to a snapshot being written. */
    public static void writeTable(BinaryWriter out, MemberTable table) {
        out.writeByte(TABLE_VERSION).writeVarLong(table.clusterId());
        List<Member> members = table.members();
        out.writeVarInt(members.size());
        for (Member m : members) {
            out.writeVarLong(m.id());
            writeString(out, m.name());
            out.writeBoolean(m.learner());
            writeUrls(out, m.peerUrls());
            writeUrls(out, m.clientUrls());
        }
        List<Long> removed = table.removed();
        out.writeVarInt(removed.size());
        for (long id : removed) out.writeVarLong(id);
    }

    /** Reads the section {@link #writeTable} wrote. */
    public static MemberTable readTable(BinaryReader in) {
        int version = in.readByte("member table version");
        if (version != TABLE_VERSION) throw new IllegalArgumentException("unknown member table version " + version + ", expected " + TABLE_VERSION);
        long clusterId = in.readVarLong("cluster id");
        int count = in.readCount("member count");
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long id = in.readVarLong("member id");
            String name = readString(in, "member name");
            boolean learner = in.readBoolean("learner flag");
            List<URI> peers = readUrls(in, "peer URL");
            List<URI> clients = readUrls(in, "client URL");
            members.add(new Member(id, name, peers, clients, learner));
        }
        int removedCount = in.readCount("removed member count");
        List<Long> removed = new ArrayList<>(removedCount);
        for (int i = 0; i < removedCount; i++) removed.add(in.readVarLong("removed member id"));
        return MemberTable.of(clusterId, members, removed);
    }

    private static void writeString(BinaryWriter out, String s) {
        out.writeBytes(Bytes.of(s));
    }

    private static String readString(BinaryReader in, String field) {
        return in.readBytes(field).toStringUtf8();
    }

    /** A count, then each URL as a length-prefixed string. */
    public static void writeUrls(BinaryWriter out, List<URI> urls) {
        out.writeVarInt(urls.size());
        for (URI u : urls) writeString(out, u.toString());
    }

    /** Reads what {@link #writeUrls} wrote; a string that is no URL is refused naming {@code field}. */
    public static List<URI> readUrls(BinaryReader in, String field) {
        int n = in.readCount(field + " count");
        if (n > MAX_URLS) throw new IllegalArgumentException(field + " count " + n + " is above the limit of " + MAX_URLS);
        List<URI> urls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = readString(in, field);
            try {
                urls.add(URI.create(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + " '" + s + "' is not a URL: " + e.getMessage(), e);
            }
        }
        return urls;
    }
}
