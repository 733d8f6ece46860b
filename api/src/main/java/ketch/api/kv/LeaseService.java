package ketch.api.kv;

import java.util.concurrent.CompletableFuture;

/**
 * Leases, as etcd's Lease service. Expiry is decided by the leader and applied through Raft; a
 * lease's remaining TTL survives a leader change. Failures carry {@link KvException}s with etcd's
 * codes and messages ("etcdserver: requested lease not found", "etcdserver: lease already exists").
 */
public interface LeaseService {
    CompletableFuture<LeaseGrantResponse> grant(LeaseGrantRequest request);

    CompletableFuture<LeaseRevokeResponse> revoke(long id);

    /** Renews the lease for its granted TTL; answers TTL 0 when it no longer exists. */
    CompletableFuture<LeaseKeepAliveResponse> keepAlive(long id);

    CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long id, boolean keys);

    CompletableFuture<LeaseLeasesResponse> leases();
}
