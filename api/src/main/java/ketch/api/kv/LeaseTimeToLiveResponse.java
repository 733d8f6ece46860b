package ketch.api.kv;

import java.util.List;
import ketch.api.Bytes;

/** etcd's LeaseTimeToLiveResponse; {@code ttl} -1 means expired or unknown. */
public record LeaseTimeToLiveResponse(ResponseHeader header, long id, long ttl, long grantedTtl, List<Bytes> keys) {
    public LeaseTimeToLiveResponse {
        keys = List.copyOf(keys);
    }
}
