package ketch.kv.mvcc;

import ketch.api.Bytes;

/**
 * One version packed into a single byte array, the form the keyspace keeps in memory: a flags byte
 * (bit 0: tombstone), the main and sub revisions, and for a live version the create revision,
 * version and lease, all unsigned LEB128, then the value up to the array's end. One array instead
 * of a record, a {@link Bytes} and its array saves about 70 bytes per version (issue 7: RSS).
 */
final class PackedVersion {
    private static final int TOMBSTONE = 1;

    private PackedVersion() {}

    static byte[] pack(KeyVersion v) {
        int size = 1 + varSize(v.main()) + varSize(v.sub());
        if (!v.tombstone()) size += varSize(v.createRevision()) + varSize(v.version()) + varSize(v.lease()) + v.value().size();
        byte[] p = new byte[size];
        p[0] = (byte) (v.tombstone() ? TOMBSTONE : 0);
        int pos = put(p, 1, v.main());
        pos = put(p, pos, v.sub());
        if (!v.tombstone()) {
            pos = put(p, pos, v.createRevision());
            pos = put(p, pos, v.version());
            pos = put(p, pos, v.lease());
            v.value().copyTo(p, pos);
        }
        return p;
    }

    static KeyVersion unpack(byte[] p) {
        long main = get(p, 1);
        int pos = 1 + varSize(main);
        int sub = (int) get(p, pos);
        if (tombstone(p)) return KeyVersion.tombstone(main, sub);
        pos += varSize(sub);
        long create = get(p, pos);
        pos += varSize(create);
        long version = get(p, pos);
        pos += varSize(version);
        long lease = get(p, pos);
        pos += varSize(lease);
        return new KeyVersion(main, sub, create, version, Bytes.copyOf(p, pos, p.length - pos), lease, false);
    }

    static long main(byte[] p) {
        return get(p, 1);
    }

    static int sub(byte[] p) {
        return (int) get(p, 1 + varSize(get(p, 1)));
    }

    static boolean tombstone(byte[] p) {
        return (p[0] & TOMBSTONE) != 0;
    }

    /** Bytes of the unsigned LEB128 form of {@code v}: 1 below 128, 10 for a negative. */
    private static int varSize(long v) {
        return v < 0 ? 10 : (63 - Long.numberOfLeadingZeros(v | 1)) / 7 + 1;
    }

    private static int put(byte[] p, int pos, long v) {
        while ((v & ~0x7FL) != 0) {
            p[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        p[pos++] = (byte) v;
        return pos;
    }

    private static long get(byte[] p, int pos) {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = p[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
    }
}
