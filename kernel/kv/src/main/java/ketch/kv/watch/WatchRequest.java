package ketch.kv.watch;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * etcd's WatchCreateRequest as the hub needs it: the key range (etcd's forms), the first revision
 * to report (0 = only future changes), the NOPUT / NODELETE filters and whether to keep prev_kv.
 */
public record WatchRequest(Bytes key, Bytes rangeEnd, long startRevision, boolean noPut, boolean noDelete, boolean prevKv) {
    public WatchRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
    }

    public static WatchRequest ofKey(Bytes key) {
        return new WatchRequest(key, Bytes.EMPTY, 0, false, false, false);
    }
}
