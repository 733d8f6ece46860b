package ketch.api.kv;

import java.util.List;

/** etcd's RangeResponse; {@code count} is the number of keys in range, before limit. */
public record RangeResponse(ResponseHeader header, List<KeyValue> kvs, boolean more, long count) {
    public RangeResponse {
        kvs = List.copyOf(kvs);
    }
}
