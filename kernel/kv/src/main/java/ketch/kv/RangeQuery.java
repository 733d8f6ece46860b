package ketch.kv;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.KeyValue;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.kv.mvcc.KeyRange;
import ketch.kv.mvcc.MvccStore;

/** etcd 3.4's Range semantics over the store: revision checks, count, filters, sort, limit. */
final class RangeQuery {
    private RangeQuery() {}

    /**
     * Runs {@code r} against the view at {@code currentRevision}; the header's revision is set by
     * the caller (etcd reports the view's revision, not the requested one).
     */
    static RangeResponse run(MvccStore store, RangeRequest r, long currentRevision, ResponseHeader header) {
        long rev = store.checkReadRevision(r.revision(), currentRevision);
        KeyRange range = new KeyRange(r.key(), r.rangeEnd());
        if (r.countOnly()) {
            return new RangeResponse(header, List.of(), false, store.count(range, rev));
        }
        boolean filtered = r.minModRevision() != 0 || r.maxModRevision() != 0
                || r.minCreateRevision() != 0 || r.maxCreateRevision() != 0;
        // etcd fetches everything when it must sort or filter, else one extra row to learn `more`;
        // it tests the requested order, so NONE with a non-KEY target sorts only the fetched rows.
        long fetchLimit = r.sortOrder() != SortOrder.NONE || filtered ? 0 : r.limit();
        if (fetchLimit > 0) fetchLimit++;
        long count = store.count(range, rev); // 3.4 counts the whole range, before filters and limit
        List<KeyValue> kvs = new ArrayList<>(store.range(range, rev, fetchLimit));
        if (r.maxModRevision() != 0) kvs.removeIf(kv -> kv.modRevision() > r.maxModRevision());
        if (r.minModRevision() != 0) kvs.removeIf(kv -> kv.modRevision() < r.minModRevision());
        if (r.maxCreateRevision() != 0) kvs.removeIf(kv -> kv.createRevision() > r.maxCreateRevision());
        if (r.minCreateRevision() != 0) kvs.removeIf(kv -> kv.createRevision() < r.minCreateRevision());
        sort(kvs, r);
        boolean more = false;
        if (r.limit() > 0 && kvs.size() > r.limit()) {
            kvs = new ArrayList<>(kvs.subList(0, (int) r.limit()));
            more = true;
        }
        if (r.keysOnly()) kvs.replaceAll(kv -> new KeyValue(kv.key(), kv.createRevision(), kv.modRevision(), kv.version(), Bytes.EMPTY, kv.lease()));
        return new RangeResponse(header, kvs, more, count);
    }

    private static void sort(List<KeyValue> kvs, RangeRequest r) {
        SortOrder order = r.sortOrder();
        if (order == SortOrder.NONE && r.sortTarget() != SortTarget.KEY) order = SortOrder.ASCEND;
        if (order == SortOrder.NONE) return;
        Comparator<KeyValue> by = switch (r.sortTarget()) {
            case KEY -> Comparator.comparing(KeyValue::key);
            case VERSION -> Comparator.comparingLong(KeyValue::version);
            case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
            case MOD -> Comparator.comparingLong(KeyValue::modRevision);
            case VALUE -> Comparator.comparing(KeyValue::value);
        };
        // List.sort is stable: ties keep key order in both directions, as etcd's small-slice sort does.
        kvs.sort(order == SortOrder.DESCEND ? by.reversed() : by);
    }
}
