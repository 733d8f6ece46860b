package ketch.api.kv;

import java.util.List;

/** etcd's DeleteRangeResponse. */
public record DeleteRangeResponse(ResponseHeader header, long deleted, List<KeyValue> prevKvs) {
    public DeleteRangeResponse {
        prevKvs = List.copyOf(prevKvs);
    }
}
