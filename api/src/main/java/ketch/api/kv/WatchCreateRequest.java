package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * etcd's WatchCreateRequest. {@code startRevision} 0 means "from the next revision";
 * {@code watchId} 0 lets the server choose (etcd's AutoWatchID is also 0 over JSON).
 */
public record WatchCreateRequest(Bytes key, Bytes rangeEnd, long startRevision, boolean progressNotify, boolean noPut,
        boolean noDelete, boolean prevKv, long watchId, boolean fragment) {
    public WatchCreateRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
    }

    public static WatchCreateRequest ofKey(Bytes key) {
        return new WatchCreateRequest(key, Bytes.EMPTY, 0, false, false, false, false, 0, false);
    }
}
