package ketch.node.service;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.LeaseKeepAliveResponse;
import ketch.api.kv.LeaseLeasesResponse;
import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseService;
import ketch.api.kv.LeaseTimeToLiveResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusCode;
import ketch.kv.KvCommand;
import ketch.kv.LeaseInfo;
import ketch.node.lanes.Lanes;

/**
 * Leases over Raft: grant, revoke and keep-alive are proposals (a keep-alive records the lease's
 * full TTL as its remaining time, so every member — and so any future leader — knows it), reads
 * come from the apply lane with the deadline this member's {@link LeaseKeeper} holds.
 */
public final class NodeLeaseService implements LeaseService {
    /** etcd's MaxLeaseTTL. */
    static final long MAX_TTL_SECONDS = 9_000_000_000L;

    private final Lanes lanes;
    private final Proposer proposer;
    private final LeaseKeeper keeper;
    private final QuotaGuard quota;
    private final long minTtlSeconds;
    private final java.util.function.LongSupplier clusterId; // the replicated one once known
    private final long memberId;
    private final SecureRandom ids = new SecureRandom();

    /** @param minTtlSeconds etcd's minimum: ceil(1.5 x election timeout) */
    public NodeLeaseService(Lanes lanes, Proposer proposer, QuotaGuard quota, LeaseKeeper keeper, long minTtlSeconds, java.util.function.LongSupplier clusterId,
            long memberId) {
        this.lanes = lanes;
        this.quota = quota;
        this.proposer = proposer;
        this.keeper = keeper;
        this.minTtlSeconds = minTtlSeconds;
        this.clusterId = clusterId;
        this.memberId = memberId;
    }

    @Override
    public CompletableFuture<LeaseGrantResponse> grant(LeaseGrantRequest request) {
        if (request.ttl() > MAX_TTL_SECONDS) {
            return CompletableFuture.failedFuture(new KvException(StatusCode.OUT_OF_RANGE, "etcdserver: too large lease TTL"));
        }
        long ttl = Math.max(request.ttl(), minTtlSeconds);
        long id = request.id() != 0 ? request.id() : newId();
        return quota.propose(new KvCommand.LeaseGrant(id, ttl), LeaseGrantResponse.class);
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> revoke(long id) {
        return proposer.propose(new KvCommand.LeaseRevoke(id), LeaseRevokeResponse.class);
    }

    @Override
    public CompletableFuture<LeaseKeepAliveResponse> keepAlive(long id) {
        return lanes.query(kv -> kv.lease(id)).thenCompose(lease -> {
            if (lease.isEmpty()) return lanes.query(kv -> new LeaseKeepAliveResponse(header(kv.revision()), id, 0));
            long granted = lease.get().grantedTtl();
            return proposer.propose(new KvCommand.LeaseCheckpoint(id, granted), ketch.kv.LeaseCheckpointResponse.class)
                    .thenApply(r -> new LeaseKeepAliveResponse(r.header(), id, granted))
                    .exceptionally(e -> {
                        // revoked between the check and the proposal: answer as for an unknown lease
                        if (e.getCause() instanceof KvException k && k.code() == StatusCode.NOT_FOUND) {
                            return new LeaseKeepAliveResponse(new ResponseHeader(clusterId.getAsLong(), memberId, 0, lanes.term()), id, 0);
                        }
                        throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
                    });
        });
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long id, boolean keys) {
        return lanes.query(kv -> {
            ResponseHeader header = header(kv.revision());
            var lease = kv.lease(id);
            if (lease.isEmpty()) return new LeaseTimeToLiveResponse(header, id, -1, 0, List.of());
            LeaseInfo info = lease.get();
            long remaining = keeper.remainingSeconds(id);
            if (remaining < 0) remaining = info.grantedTtl();
            List<Bytes> attached = keys ? info.keys() : List.of();
            return new LeaseTimeToLiveResponse(header, id, remaining, info.grantedTtl(), attached);
        });
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leases() {
        return lanes.query(kv -> new LeaseLeasesResponse(header(kv.revision()), kv.leases().stream().map(LeaseInfo::id).sorted().toList()));
    }

    private ResponseHeader header(long revision) {
        return new ResponseHeader(clusterId.getAsLong(), memberId, revision, lanes.term());
    }

    private long newId() {
        long id;
        do {
            id = ids.nextLong() & Long.MAX_VALUE; // etcd's lease ids are positive int64
        } while (id == 0);
        return id;
    }
}
