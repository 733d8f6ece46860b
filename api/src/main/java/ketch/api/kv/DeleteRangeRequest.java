package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/** etcd's DeleteRangeRequest. */
public record DeleteRangeRequest(Bytes key, Bytes rangeEnd, boolean prevKv) {
    public DeleteRangeRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
    }
}
