package ketch.node.backend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;
import ketch.kv.PersistedState;
import ketch.kv.StateChanges;

/**
 * The backend's layout, like etcd's bbolt file:
 *
 * <ul>
 *   <li>bucket {@value #KEY}: one record per retained version, keyed by its revision (8-byte
 *       big-endian main, 4-byte big-endian sub). Keyed by revision rather than by key because
 *       writes then always land at the end of the tree (appends, like etcd's), compaction deletes
 *       exactly the positions it dropped, and a scan yields each key's versions already in order,
 *       so loading appends without sorting;
 *   <li>bucket {@value #LEASE}: one record per lease, keyed by its 8-byte id;
 *   <li>bucket {@value #META}: the applied index and term, revision, compact revision (named
 *       numbers), and the state machine's other replicated state (alarms, members) as one
 *       checksummed blob ({@value #BLOB_PREFIX}{@value #SECTIONS}, written when it changes).
 * </ul>
 *
 * Every value is a format byte, the fields, and a CRC32C of both: a damaged record is refused by
 * name at load instead of loading a wrong state.
 */
public final class BackendCodec {
    public static final String KEY = "key";
    public static final String LEASE = "lease";
    public static final String META = "meta";
    static final String APPLIED_INDEX = "applied-index";
    static final String APPLIED_TERM = "applied-term";
    static final String REVISION = "revision";
    static final String COMPACT_REVISION = "compact-revision";
    /** The state machine's other replicated state (alarms), as {@link StateChanges#sections()} encodes it. */
    static final String SECTIONS = "state-sections";
    /** Prefix of opaque named blobs in the meta bucket. */
    public static final String BLOB_PREFIX = "blob/";
    private static final byte FORMAT = 1;

    private BackendCodec() {}

    /** Adds {@code changes} (and the applied term) to {@code batch}, in an order that reproduces them. */
    static void write(KvBatch.Builder batch, StateChanges changes, long appliedTerm) {
        for (StateChanges.Version v : changes.added()) batch.put(KEY, position(v.main(), v.sub()), version(v));
        for (StateChanges.Version v : changes.removed()) batch.delete(KEY, position(v.main(), v.sub()));
        for (StateChanges.Lease l : changes.leases()) batch.put(LEASE, id(l.id()), lease(l));
        for (long id : changes.revokedLeases()) batch.delete(LEASE, id(id));
        batch.put(META, name(REVISION), number(changes.revision()));
        batch.put(META, name(COMPACT_REVISION), number(changes.compactRevision()));
        batch.put(META, name(APPLIED_INDEX), number(changes.appliedIndex()));
        batch.put(META, name(APPLIED_TERM), number(appliedTerm));
        changes.sections().ifPresent(s -> batch.put(META, blobKey(SECTIONS), blob(s)));
    }

    /** The applied (index, term) a backend holds, or empty when nothing was ever written to it. */
    static Optional<long[]> applied(KvBackend backend) {
        Optional<Bytes> index = backend.get(META, name(APPLIED_INDEX));
        if (index.isEmpty()) return Optional.empty();
        return Optional.of(new long[] {readNumber(index.get(), APPLIED_INDEX), requiredNumber(backend, APPLIED_TERM)});
    }

    /** Everything a backend holds, for {@link ketch.kv.KvStateMachine#load}; throws IllegalArgumentException if damaged. */
    static PersistedState read(KvBackend backend) {
        List<StateChanges.Version> versions = new ArrayList<>();
        backend.scan(KEY, Bytes.EMPTY, (k, v) -> {
            versions.add(readVersion(k, v));
            return true;
        });
        List<StateChanges.Lease> leases = new ArrayList<>();
        backend.scan(LEASE, Bytes.EMPTY, (k, v) -> {
            leases.add(readLease(v));
            return true;
        });
        Bytes sections = backend.get(META, blobKey(SECTIONS)).map(b -> readBlob(SECTIONS, b)).orElse(Bytes.EMPTY);
        return new PersistedState(requiredNumber(backend, REVISION), requiredNumber(backend, COMPACT_REVISION),
                requiredNumber(backend, APPLIED_INDEX), versions, leases, sections);
    }

    static Bytes blobKey(String name) {
        if (name.isEmpty() || name.length() > 200) throw new IllegalArgumentException("blob name must be 1..200 characters, got '" + name + "'");
        return name(BLOB_PREFIX + name);
    }

    /** A blob value, framed and checksummed like every record. */
    static Bytes blob(Bytes content) {
        ByteBuffer b = ByteBuffer.allocate(1 + content.size() + 4);
        b.put(FORMAT).put(content.toByteArray());
        return seal(b);
    }

    static Bytes readBlob(String name, Bytes stored) {
        ByteBuffer b = open(stored, "meta blob " + name);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return Bytes.wrap(out);
    }

    /** The key bucket's key of revision (main, sub). */
    public static Bytes position(long main, int sub) {
        return Bytes.wrap(ByteBuffer.allocate(12).putLong(main).putInt(sub).array());
    }

    private static Bytes id(long id) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(id).array());
    }

    private static Bytes name(String name) {
        return Bytes.wrap(name.getBytes(StandardCharsets.UTF_8));
    }

    private static Bytes version(StateChanges.Version v) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + v.key().size() + 1 + 8 * 3 + 4 + v.value().size() + 4);
        b.put(FORMAT).putInt(v.key().size()).put(v.key().toByteArray()).put((byte) (v.tombstone() ? 1 : 0));
        b.putLong(v.createRevision()).putLong(v.version()).putLong(v.lease());
        b.putInt(v.value().size()).put(v.value().toByteArray());
        return seal(b);
    }

    private static StateChanges.Version readVersion(Bytes position, Bytes stored) {
        if (position.size() != 12) throw new IllegalArgumentException("backend key bucket has a " + position.size() + "-byte key, expected 12");
        ByteBuffer p = ByteBuffer.wrap(position.toByteArray());
        long main = p.getLong();
        int sub = p.getInt();
        String what = "key record (" + main + ", " + sub + ")";
        ByteBuffer b = open(stored, what);
        try {
            Bytes key = bytes(b, b.getInt());
            byte flags = b.get();
            if (flags != 0 && flags != 1) throw new IllegalArgumentException("bad tombstone flag " + flags);
            long create = b.getLong();
            long version = b.getLong();
            long lease = b.getLong();
            Bytes value = bytes(b, b.getInt());
            if (b.hasRemaining()) throw new IllegalArgumentException(b.remaining() + " bytes left over");
            return new StateChanges.Version(key, main, sub, create, version, lease, flags == 1, value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("backend " + what + " is malformed: " + e.getMessage(), e);
        }
    }

    private static Bytes lease(StateChanges.Lease l) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 4);
        b.put(FORMAT).putLong(l.id()).putLong(l.ttl()).putLong(l.remainingTtl());
        return seal(b);
    }

    private static StateChanges.Lease readLease(Bytes stored) {
        ByteBuffer b = open(stored, "lease record");
        if (b.remaining() != 24) throw new IllegalArgumentException("backend lease record has " + b.remaining() + " bytes of fields, expected 24");
        return new StateChanges.Lease(b.getLong(), b.getLong(), b.getLong());
    }

    private static Bytes number(long n) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4);
        b.put(FORMAT).putLong(n);
        return seal(b);
    }

    private static long requiredNumber(KvBackend backend, String name) {
        Bytes stored = backend.get(META, name(name))
                .orElseThrow(() -> new IllegalArgumentException("backend meta bucket lacks '" + name + "'"));
        return readNumber(stored, name);
    }

    private static long readNumber(Bytes stored, String name) {
        ByteBuffer b = open(stored, "meta " + name);
        if (b.remaining() != 8) throw new IllegalArgumentException("backend meta " + name + " has " + b.remaining() + " bytes, expected 8");
        return b.getLong();
    }

    private static Bytes bytes(ByteBuffer b, int n) {
        if (n < 0 || n > b.remaining()) throw new IllegalArgumentException("length " + n + " with " + b.remaining() + " bytes left");
        byte[] out = new byte[n];
        b.get(out);
        return Bytes.wrap(out);
    }

    /** Appends the CRC32C of everything written so far. */
    private static Bytes seal(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return Bytes.wrap(b.array());
    }

    /** Checks format and checksum; returns the fields. */
    private static ByteBuffer open(Bytes stored, String what) {
        byte[] a = stored.toByteArray();
        if (a.length < 5) throw new IllegalArgumentException("backend " + what + " is too short: " + a.length + " bytes");
        CRC32C crc = new CRC32C();
        crc.update(a, 0, a.length - 4);
        int expected = ByteBuffer.wrap(a, a.length - 4, 4).getInt();
        if ((int) crc.getValue() != expected) throw new IllegalArgumentException("backend " + what + " fails its checksum");
        if (a[0] != FORMAT) throw new IllegalArgumentException("backend " + what + " has format " + a[0] + ", expected " + FORMAT);
        return ByteBuffer.wrap(a, 1, a.length - 5).slice();
    }
}
