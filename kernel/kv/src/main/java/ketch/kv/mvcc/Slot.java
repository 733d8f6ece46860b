package ketch.kv.mvcc;

import java.util.List;
import java.util.Optional;

/**
 * What the keyspace map holds for one key: its only version {@linkplain PackedVersion packed} in a
 * byte array (most keys, saving a {@link KeyHistory} object of 24 bytes per key), or a
 * {@link KeyHistory} once the key has older versions too. These functions read and change a slot of
 * either kind; a change returns the slot to store, which may be of the other kind.
 */
final class Slot {
    private Slot() {}

    /** A compaction's outcome: the versions dropped, oldest first, and what is left of the key, if anything. */
    record Compacted(List<KeyVersion> dropped, Optional<Object> remaining) {}

    static Object of(KeyVersion first) {
        return PackedVersion.pack(first);
    }

    static Object append(Object slot, KeyVersion v) {
        if (slot instanceof byte[] only) {
            KeyHistory h = new KeyHistory(only);
            h.append(v);
            return h;
        }
        history(slot).append(v);
        return slot;
    }

    static Optional<KeyVersion> liveAt(Object slot, long revision) {
        if (slot instanceof byte[] p) return PackedVersion.main(p) <= revision ? live(p) : Optional.empty();
        return history(slot).liveAt(revision);
    }

    static boolean isLiveAt(Object slot, long revision) {
        if (slot instanceof byte[] p) return PackedVersion.main(p) <= revision && !PackedVersion.tombstone(p);
        return history(slot).isLiveAt(revision);
    }

    static Optional<KeyVersion> liveLatest(Object slot) {
        return slot instanceof byte[] p ? live(p) : history(slot).liveLatest();
    }

    static int size(Object slot) {
        return slot instanceof byte[] ? 1 : history(slot).size();
    }

    static long mainAt(Object slot, int i) {
        return slot instanceof byte[] p ? PackedVersion.main(p) : history(slot).mainAt(i);
    }

    static KeyVersion versionAt(Object slot, int i) {
        return slot instanceof byte[] p ? PackedVersion.unpack(p) : history(slot).versionAt(i);
    }

    static List<KeyVersion> versions(Object slot) {
        return slot instanceof byte[] p ? List.of(PackedVersion.unpack(p)) : history(slot).versions();
    }

    /** Drops what no read at or after {@code revision} needs (see {@link KeyHistory#compact}). */
    static Compacted compact(Object slot, long revision) {
        if (slot instanceof byte[] p) {
            boolean gone = PackedVersion.main(p) <= revision && PackedVersion.tombstone(p);
            return gone ? new Compacted(List.of(PackedVersion.unpack(p)), Optional.empty()) : new Compacted(List.of(), Optional.of(slot));
        }
        KeyHistory h = history(slot);
        List<KeyVersion> dropped = h.compact(revision);
        if (h.isEmpty()) return new Compacted(dropped, Optional.empty());
        return new Compacted(dropped, Optional.of(h.size() == 1 ? h.packedLatest() : h));
    }

    private static Optional<KeyVersion> live(byte[] p) {
        return PackedVersion.tombstone(p) ? Optional.empty() : Optional.of(PackedVersion.unpack(p));
    }

    private static KeyHistory history(Object slot) {
        if (slot instanceof KeyHistory h) return h;
        throw new IllegalStateException("not a key slot: " + slot.getClass().getName());
    }
}
