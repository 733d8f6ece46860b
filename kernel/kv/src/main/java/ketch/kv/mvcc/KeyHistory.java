package ketch.kv.mvcc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The retained revisions of one key, oldest first, strictly increasing in (main, sub). One txn
 * may change a key twice (a put in one nested txn, a delete in a sibling: etcd's duplicate-key
 * check allows it), so two versions can share a main revision; the later sub wins.
 */
final class KeyHistory {
    private final ArrayList<KeyVersion> versions = new ArrayList<>(2);

    void append(KeyVersion v) {
        if (!versions.isEmpty()) {
            KeyVersion last = versions.getLast();
            if (last.main() > v.main() || (last.main() == v.main() && last.sub() >= v.sub())) {
                throw new IllegalStateException("revision (" + v.main() + ", " + v.sub() + ") is not after (" + last.main() + ", " + last.sub() + ")");
            }
        }
        versions.add(v);
    }

    /** The live value at {@code revision}: absent if the key did not exist or was deleted then. */
    Optional<KeyVersion> liveAt(long revision) {
        int i = indexAt(revision);
        if (i < 0) return Optional.empty();
        KeyVersion v = versions.get(i);
        return v.tombstone() ? Optional.empty() : Optional.of(v);
    }

    Optional<KeyVersion> liveLatest() {
        if (versions.isEmpty()) return Optional.empty();
        KeyVersion v = versions.getLast();
        return v.tombstone() ? Optional.empty() : Optional.of(v);
    }

    /**
     * Drops what no read at or after {@code revision} needs: everything older than the latest
     * version at or below it, and that version too if it is a tombstone. Returns what was dropped,
     * oldest first.
     */
    List<KeyVersion> compact(long revision) {
        int i = indexAt(revision);
        if (i < 0) return List.of();
        int keepFrom = versions.get(i).tombstone() ? i + 1 : i;
        List<KeyVersion> dropped = List.copyOf(versions.subList(0, keepFrom));
        versions.subList(0, keepFrom).clear();
        return dropped;
    }

    List<KeyVersion> versions() {
        return Collections.unmodifiableList(versions);
    }

    boolean isEmpty() {
        return versions.isEmpty();
    }

    /** Index of the last version with main revision at or below {@code revision}, or -1. */
    private int indexAt(long revision) {
        int lo = 0;
        int hi = versions.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (versions.get(mid).main() <= revision) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
