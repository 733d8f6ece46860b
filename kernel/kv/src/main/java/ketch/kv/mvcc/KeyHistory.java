package ketch.kv.mvcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The retained revisions of one key, oldest first, strictly increasing in (main, sub). One txn
 * may change a key twice (a put in one nested txn, a delete in a sibling: etcd's duplicate-key
 * check allows it), so two versions can share a main revision; the later sub wins.
 *
 * <p>The keyspace keeps a key with one version without this object ({@link Slot}); here the latest
 * sits in its own field and older ones in an array; every version is kept {@linkplain PackedVersion packed}.
 */
final class KeyHistory {
    private static final byte[][] NO_OLDER = new byte[0][];

    /** The newest version; an empty array once compaction dropped everything. */
    private byte[] latest;
    /** Older versions, oldest first, in the first {@link #olderCount} slots. */
    private byte[][] older = NO_OLDER;
    private int olderCount;

    /** Starts from a key's only version, packed; {@link Slot} makes one when a second version comes. */
    KeyHistory(byte[] first) {
        latest = first;
    }

    KeyHistory(KeyVersion first) {
        this(PackedVersion.pack(first));
    }

    /** The newest version, packed. */
    byte[] packedLatest() {
        return latest;
    }

    void append(KeyVersion v) {
        long lastMain = PackedVersion.main(latest);
        int lastSub = PackedVersion.sub(latest);
        if (lastMain > v.main() || (lastMain == v.main() && lastSub >= v.sub())) {
            throw new IllegalStateException("revision (" + v.main() + ", " + v.sub() + ") is not after (" + lastMain + ", " + lastSub + ")");
        }
        if (olderCount == older.length) older = Arrays.copyOf(older, Math.max(2, olderCount * 2));
        older[olderCount++] = latest;
        latest = PackedVersion.pack(v);
    }

    /** The live value at {@code revision}: absent if the key did not exist or was deleted then. */
    Optional<KeyVersion> liveAt(long revision) {
        byte[] p = packedAt(revision);
        return p == null || PackedVersion.tombstone(p) ? Optional.empty() : Optional.of(PackedVersion.unpack(p));
    }

    /** Whether the key holds a value at {@code revision}, without decoding it. */
    boolean isLiveAt(long revision) {
        byte[] p = packedAt(revision);
        return p != null && !PackedVersion.tombstone(p);
    }

    Optional<KeyVersion> liveLatest() {
        return PackedVersion.tombstone(latest) ? Optional.empty() : Optional.of(PackedVersion.unpack(latest));
    }

    /**
     * Drops what no read at or after {@code revision} needs: everything older than the latest
     * version at or below it, and that version too if it is a tombstone. Returns what was dropped,
     * oldest first.
     */
    List<KeyVersion> compact(long revision) {
        int i = indexAt(revision);
        if (i < 0) return List.of();
        int keepFrom = PackedVersion.tombstone(packed(i)) ? i + 1 : i;
        if (keepFrom == 0) return List.of();
        List<KeyVersion> dropped = new ArrayList<>(keepFrom);
        for (int j = 0; j < keepFrom; j++) dropped.add(PackedVersion.unpack(packed(j)));
        if (keepFrom > olderCount) {
            latest = new byte[0];
            older = NO_OLDER;
            olderCount = 0;
        } else {
            int left = olderCount - keepFrom;
            older = left == 0 ? NO_OLDER : Arrays.copyOfRange(older, keepFrom, olderCount);
            olderCount = left;
        }
        return dropped;
    }

    /** Every retained version, oldest first, decoded. */
    List<KeyVersion> versions() {
        if (isEmpty()) return List.of();
        if (olderCount == 0) return List.of(PackedVersion.unpack(latest));
        List<KeyVersion> out = new ArrayList<>(olderCount + 1);
        for (int i = 0; i <= olderCount; i++) out.add(PackedVersion.unpack(packed(i)));
        return out;
    }

    /** How many versions are retained. */
    int size() {
        return isEmpty() ? 0 : olderCount + 1;
    }

    /** The main revision of the i-th retained version, oldest first, without decoding the rest. */
    long mainAt(int i) {
        return PackedVersion.main(packed(i));
    }

    /** The i-th retained version, oldest first. */
    KeyVersion versionAt(int i) {
        return PackedVersion.unpack(packed(i));
    }

    boolean isEmpty() {
        return latest.length == 0;
    }

    /** The i-th retained version, oldest first: the older ones, then the latest. */
    private byte[] packed(int i) {
        return i == olderCount ? latest : older[i];
    }

    /** The last version with main revision at or below {@code revision}; null if there is none. */
    private byte[] packedAt(long revision) {
        if (PackedVersion.main(latest) <= revision) return latest; // the common case: a read at or after the last write
        int i = indexAt(revision);
        return i < 0 ? null : packed(i);
    }

    /** Index of the last version with main revision at or below {@code revision}, or -1. */
    private int indexAt(long revision) {
        int lo = 0;
        int hi = olderCount;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (PackedVersion.main(packed(mid)) <= revision) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
