package ketch.kv.mvcc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The retained revisions of one key, oldest first, strictly increasing in main revision. */
final class KeyHistory {
    private final ArrayList<KeyVersion> versions = new ArrayList<>(2);

    void append(KeyVersion v) {
        if (!versions.isEmpty() && versions.getLast().main() >= v.main()) {
            throw new IllegalStateException("revision " + v.main() + " is not after " + versions.getLast().main());
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
     * version at or below it, and that version too if it is a tombstone. Returns true if empty.
     */
    boolean compact(long revision) {
        int i = indexAt(revision);
        if (i >= 0) {
            int keepFrom = versions.get(i).tombstone() ? i + 1 : i;
            versions.subList(0, keepFrom).clear();
        }
        return versions.isEmpty();
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
