package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import ketch.api.Bytes;
import ketch.kv.encoding.BinaryReader;
import ketch.kv.encoding.BinaryWriter;
import ketch.kv.lease.LeaseTable;
import ketch.kv.mvcc.KeyVersion;
import ketch.kv.mvcc.MvccStore;
import ketch.kv.members.MemberTable;

/**
 * The canonical encoding of the state, used for snapshots and hashes. Snapshot layout: magic
 * "KTKV", format version, revision, compact revision, applied index, keys (each with its retained
 * versions), leases, then optional sections, each a 1-byte tag and its own layout (alarms:
 * {@link AlarmSection}, tag 1; the member table: {@link MemberSection}, tag 2), then a big-endian
 * CRC32C of everything before it. A snapshot without a section restores that part empty, so older
 * snapshots stay readable.
 */
final class StateCodec {
    static final byte[] MAGIC = {'K', 'T', 'K', 'V'};
    static final int FORMAT_VERSION = 1;

    private StateCodec() {}

    record Restored(MvccStore store, LeaseTable leases, AlarmTable alarms, MemberTable members, long appliedIndex) {}

    /** The optional sections' contents. */
    record Sections(AlarmTable alarms, MemberTable members) {}

    /** Chunks handed to a {@link SnapshotOutput}: large enough for few calls, small enough to stay young garbage. */
    static final int CHUNK = 64 * 1024;
    /** Alarms and members take a few KiB; more means a damaged length, not a real table. */
    private static final int MAX_SECTIONS = 64 * 1024 * 1024;

    static byte[] snapshot(MvccStore store, LeaseTable leases, AlarmTable alarms, MemberTable members, long appliedIndex) {
        BinaryWriter all = new BinaryWriter(4096);
        snapshot(store, leases, alarms, members, appliedIndex, all::writeRaw);
        return all.toByteArray();
    }

    /** Streams the snapshot to {@code output} in chunks of about {@link #CHUNK} bytes; the same bytes as {@link #snapshot(MvccStore, LeaseTable, AlarmTable, MemberTable, long)}. */
    static void snapshot(MvccStore store, LeaseTable leases, AlarmTable alarms, MemberTable members, long appliedIndex, SnapshotOutput output) {
        CRC32C crc = new CRC32C();
        BinaryWriter out = new BinaryWriter(CHUNK + 1024);
        out.writeRaw(MAGIC).writeByte(FORMAT_VERSION);
        out.writeVarLong(store.revision()).writeVarLong(store.compactRevision()).writeVarLong(appliedIndex);
        out.writeVarInt(store.keyCount());
        store.forEachKey(k -> {
            writeKey(out, k.key(), k.versions());
            if (out.size() >= CHUNK) emit(out, crc, output);
        });
        writeLeases(out, leases);
        // ---- optional sections: tag, then payload; a snapshot without them restores as before ----
        writeSections(out, alarms, members);
        // ---- end of optional sections ----
        emit(out, crc, output);
        out.writeFixedInt((int) crc.getValue());
        output.write(out.array(), 0, out.size());
    }

    private static void emit(BinaryWriter out, CRC32C crc, SnapshotOutput output) {
        crc.update(out.array(), 0, out.size());
        output.write(out.array(), 0, out.size());
        out.reset();
    }

    static Restored restore(byte[] snapshot) {
        if (snapshot.length < MAGIC.length + 1 + 4) {
            throw new IllegalArgumentException("kv snapshot too short: " + snapshot.length + " bytes");
        }
        // In memory anyway: check the whole before decoding any of it, as a stream cannot.
        BinaryReader trailer = new BinaryReader(snapshot, snapshot.length - 4, snapshot.length);
        int expected = trailer.readFixedInt("checksum");
        CRC32C crc = new CRC32C();
        crc.update(snapshot, 0, snapshot.length - 4);
        if ((int) crc.getValue() != expected) {
            throw new IllegalArgumentException("kv snapshot checksum mismatch: stored " + Integer.toHexString(expected)
                    + ", computed " + Integer.toHexString((int) crc.getValue()));
        }
        return restore(SnapshotInput.of(snapshot), snapshot.length);
    }

    /**
     * Reads a snapshot of {@code length} bytes from {@code input} without holding it whole. The
     * checksum is known only at the end, so a damaged snapshot fails there at the latest.
     */
    static Restored restore(SnapshotInput input, long length) {
        if (length < MAGIC.length + 1 + 4) throw new IllegalArgumentException("kv snapshot too short: " + length + " bytes");
        SnapshotReader in = new SnapshotReader(input, length);
        byte[] magic = in.readRaw(MAGIC.length, "magic");
        if (!java.util.Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException("not a kv snapshot: bad magic bytes");
        int version = in.readByte("format version");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown kv snapshot format version " + version + ", expected " + FORMAT_VERSION);
        }
        long revision = in.readVarLong("revision");
        long compactRevision = in.readVarLong("compact revision");
        long appliedIndex = in.readVarLong("applied index");
        if (appliedIndex < 0) throw new IllegalArgumentException("kv snapshot applied index " + appliedIndex + " is negative");
        int keyCount = in.readCount("key count");
        MvccStore.Restorer keys = MvccStore.restorer(revision, compactRevision);
        for (int i = 0; i < keyCount; i++) {
            Bytes key = in.readBytes("key");
            int n = in.readCount("version count");
            List<KeyVersion> versions = new ArrayList<>(n);
            for (int j = 0; j < n; j++) versions.add(readVersion(in));
            keys.add(key, versions);
        }
        MvccStore store = keys.finish();
        int leaseCount = in.readCount("lease count");
        List<LeaseTable.Lease> leaseList = new ArrayList<>(leaseCount);
        for (int i = 0; i < leaseCount; i++) {
            long id = in.readVarLong("lease id");
            long ttl = in.readVarLong("lease ttl");
            long remaining = in.readVarLong("lease remaining ttl");
            leaseList.add(new LeaseTable.Lease(id, ttl, remaining));
        }
        // The optional sections are small: read them whole and parse them as before.
        long sectionStart = in.position();
        if (in.remaining() > MAX_SECTIONS) {
            throw new IllegalArgumentException("kv snapshot sections at offset " + sectionStart + " are " + in.remaining() + " bytes, expected at most " + MAX_SECTIONS);
        }
        byte[] rest = in.readRaw((int) in.remaining(), "sections");
        in.checkTrailer();
        Sections sections = readSections(new BinaryReader(rest), sectionStart);
        LeaseTable leases = leaseTable(store, leaseList, "kv snapshot");
        return new Restored(store, leases, sections.alarms(), sections.members(), appliedIndex);
    }

    /**
     * The lease table for {@code store}: the given leases, and each live key attached to the lease
     * it names (attachments are derived state). {@code what} names the source in errors.
     */
    static LeaseTable leaseTable(MvccStore store, List<LeaseTable.Lease> list, String what) {
        LeaseTable leases = new LeaseTable();
        for (LeaseTable.Lease l : list) {
            if (leases.exists(l.id())) throw new IllegalArgumentException(what + " lists lease " + l.id() + " twice");
            leases.grant(l.id(), l.ttl());
            leases.checkpoint(l.id(), l.remainingTtl());
        }
        store.forEachKey(k -> {
            KeyVersion last = k.versions().getLast();
            if (!last.tombstone() && last.lease() != 0) leases.attach(last.lease(), k.key());
        });
        return leases;
    }

    private static void writeSections(BinaryWriter out, AlarmTable alarms, MemberTable members) {
        AlarmSection.write(out, alarms);
        MemberSection.write(out, members);
    }

    /** Reads the optional tagged sections up to the reader's end; a missing one is empty. */
    private static Sections readSections(BinaryReader in, long base) {
        AlarmTable alarms = new AlarmTable();
        MemberTable members = new MemberTable();
        while (in.remaining() > 0) {
            int tag = in.readByte("section tag");
            switch (tag) {
                case AlarmSection.TAG -> AlarmSection.read(in, alarms);
                case MemberSection.TAG -> members = MemberSection.read(in);
                default -> throw new IllegalArgumentException("unknown kv snapshot section tag " + tag + " at offset "
                        + (base + in.position() - 1) + ", expected " + AlarmSection.TAG + " or " + MemberSection.TAG);
            }
        }
        return new Sections(alarms, members);
    }

    /** The optional sections alone (what a backend keeps besides keys and leases); empty when there are none. */
    static Bytes sections(AlarmTable alarms, MemberTable members) {
        BinaryWriter out = new BinaryWriter(64);
        writeSections(out, alarms, members);
        return out.size() == 0 ? Bytes.EMPTY : Bytes.wrap(out.toByteArray());
    }

    /** Reads {@link #sections}' output back; throws IllegalArgumentException if it is damaged. */
    static Sections readSections(Bytes sections) {
        byte[] data = sections.toByteArray();
        return readSections(new BinaryReader(data), 0);
    }

    static int hash(MvccStore store, LeaseTable leases) {
        CRC32C crc = new CRC32C();
        BinaryWriter out = new BinaryWriter(256);
        out.writeVarLong(store.revision()).writeVarLong(store.compactRevision());
        flush(out, crc);
        store.forEachKey(k -> {
            writeKey(out, k.key(), k.versions());
            flush(out, crc);
        });
        writeLeases(out, leases);
        flush(out, crc);
        return (int) crc.getValue();
    }

    static int hashKv(MvccStore store, long revision) {
        CRC32C crc = new CRC32C();
        BinaryWriter out = new BinaryWriter(256);
        store.forEachKey(k -> {
            List<KeyVersion> upTo = k.versions().stream().filter(v -> v.main() <= revision).toList();
            if (upTo.isEmpty()) return;
            writeKey(out, k.key(), upTo);
            flush(out, crc);
        });
        return (int) crc.getValue();
    }

    private static void flush(BinaryWriter out, CRC32C crc) {
        crc.update(out.array(), 0, out.size());
        out.reset();
    }

    private static void writeKey(BinaryWriter out, Bytes key, List<KeyVersion> versions) {
        out.writeBytes(key).writeVarInt(versions.size());
        for (KeyVersion v : versions) {
            out.writeVarLong(v.main()).writeVarInt(v.sub()).writeBoolean(v.tombstone());
            if (!v.tombstone()) {
                out.writeVarLong(v.createRevision()).writeVarLong(v.version()).writeBytes(v.value()).writeVarLong(v.lease());
            }
        }
    }

    private static KeyVersion readVersion(SnapshotReader in) {
        long main = in.readVarLong("revision");
        int sub = in.readVarInt("sub revision");
        boolean tombstone = in.readBoolean("tombstone flag");
        if (tombstone) return new KeyVersion(main, sub, 0, 0, Bytes.EMPTY, 0, true);
        long create = in.readVarLong("create revision");
        long version = in.readVarLong("version");
        Bytes value = in.readBytes("value");
        long lease = in.readVarLong("lease");
        return new KeyVersion(main, sub, create, version, value, lease, false);
    }

    private static void writeLeases(BinaryWriter out, LeaseTable leases) {
        List<LeaseTable.Lease> all = leases.all();
        out.writeVarInt(all.size());
        for (LeaseTable.Lease l : all) out.writeVarLong(l.id()).writeVarLong(l.ttl()).writeVarLong(l.remainingTtl());
    }
}
