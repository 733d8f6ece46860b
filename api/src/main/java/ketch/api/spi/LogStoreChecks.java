package ketch.api.spi;

import java.util.List;
import ketch.api.raft.Entry;

/**
 * The argument checks of {@link LogStore}'s contract, written once for every store, with the same
 * messages everywhere. {@code boundaryIndex} is the last compacted index ({@code firstIndex() - 1}).
 */
public final class LogStoreChecks {
    private LogStoreChecks() {}

    /**
     * Refuses an append whose entries are not consecutive, start at or below the compacted prefix,
     * or would leave a hole after {@code lastIndex}.
     */
    public static void checkAppend(List<Entry> entries, long boundaryIndex, long lastIndex) {
        if (entries.isEmpty()) return;
        long first = entries.getFirst().index();
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != first + i) {
                throw new IllegalArgumentException("entries are not consecutive: index " + entries.get(i).index()
                        + " at position " + i + ", expected " + (first + i));
            }
        }
        if (first <= boundaryIndex) {
            throw new IllegalArgumentException("cannot append at index " + first + ": the log is compacted up to "
                    + boundaryIndex + " (first index " + (boundaryIndex + 1) + ")");
        }
        if (first > lastIndex + 1) {
            throw new IllegalArgumentException("appending at index " + first + " would leave a hole: the last index is "
                    + lastIndex + ", expected at most " + (lastIndex + 1));
        }
    }

    /** Refuses a read of {@code [lo, hi)} that starts in the compacted prefix or ends past the log. */
    public static void checkRange(long lo, long hi, long boundaryIndex, long lastIndex) {
        if (lo <= boundaryIndex) throw new LogCompactedException(lo, boundaryIndex + 1);
        if (hi > lastIndex + 1) throw new LogUnavailableException(hi - 1, lastIndex);
    }
}
