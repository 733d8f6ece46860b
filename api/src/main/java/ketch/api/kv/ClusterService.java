package ketch.api.kv;

import java.util.concurrent.CompletableFuture;

/** Cluster membership and member status, as etcd's Cluster and (part of) Maintenance services. */
public interface ClusterService {
    CompletableFuture<MemberListResponse> memberList();

    /** This member's status: version, leader, raft index and term, applied index. */
    CompletableFuture<StatusResponse> status();

    /** A hash of the whole keyspace at the current revision. */
    CompletableFuture<HashResponse> hash();
}
