package ketch.api.kv;

import java.util.List;

/** etcd's LeaseLeasesResponse: the ids of every live lease, ascending. */
public record LeaseLeasesResponse(ResponseHeader header, List<Long> leases) {
    public LeaseLeasesResponse {
        leases = List.copyOf(leases);
    }
}
