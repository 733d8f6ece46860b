package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * etcd's RangeRequest. An empty {@code rangeEnd} means the single key; {@code "\0"} means every key
 * from {@code key} on; {@code revision} 0 means the current one.
 */
public record RangeRequest(
        Bytes key,
        Bytes rangeEnd,
        long limit,
        long revision,
        SortOrder sortOrder,
        SortTarget sortTarget,
        boolean serializable,
        boolean keysOnly,
        boolean countOnly,
        long minModRevision,
        long maxModRevision,
        long minCreateRevision,
        long maxCreateRevision) {

    public RangeRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
        Objects.requireNonNull(sortOrder, "sortOrder");
        Objects.requireNonNull(sortTarget, "sortTarget");
    }

    /** A linearizable read of one key at the current revision. */
    public static RangeRequest ofKey(Bytes key) {
        return new RangeRequest(key, Bytes.EMPTY, 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, false, 0, 0, 0, 0);
    }

    public RangeRequest withRangeEnd(Bytes end) {
        return new RangeRequest(key, end, limit, revision, sortOrder, sortTarget, serializable, keysOnly, countOnly,
                minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
    }

    public RangeRequest withSerializable(boolean value) {
        return new RangeRequest(key, rangeEnd, limit, revision, sortOrder, sortTarget, value, keysOnly, countOnly,
                minModRevision, maxModRevision, minCreateRevision, maxCreateRevision);
    }
}
