package ketch.frontend.v3;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import ketch.api.kv.ClusterService;
import ketch.api.kv.HashResponse;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusResponse;

/** A ClusterService double answering what the test set last; by default a member that sees leader 2. */
final class FixedCluster implements ClusterService {
    static final ResponseHeader HEADER = new ResponseHeader(1, 2, 5, 3);

    private volatile StatusResponse status = new StatusResponse(HEADER, "3.4.23", 0, 2, 9, 3, 9, List.of(), 0, false);
    private volatile MemberListResponse members = new MemberListResponse(HEADER, List.of());
    private volatile HashResponse hash = new HashResponse(HEADER, 0, 0);

    void status(StatusResponse status) {
        this.status = status;
    }

    void members(MemberListResponse members) {
        this.members = members;
    }

    void hash(HashResponse hash) {
        this.hash = hash;
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList() {
        return CompletableFuture.supplyAsync(() -> members);
    }

    @Override
    public CompletableFuture<StatusResponse> status() {
        return CompletableFuture.supplyAsync(() -> status);
    }

    @Override
    public CompletableFuture<HashResponse> hash() {
        return CompletableFuture.supplyAsync(() -> hash);
    }
}
