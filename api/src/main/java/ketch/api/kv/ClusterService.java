package ketch.api.kv;

import java.util.concurrent.CompletableFuture;

/** Cluster membership and member status, as etcd's Cluster and (part of) Maintenance services. */
public interface ClusterService {
    CompletableFuture<MemberListResponse> memberList();

    /** This member's status: version, leader, raft index and term, applied index. */
    CompletableFuture<StatusResponse> status();

    /** A hash of the whole keyspace at the current revision. */
    CompletableFuture<HashResponse> hash();

    /**
     * etcd's MoveLeader: asked of the leader, hands leadership to voter {@code targetId} (catching
     * it up first) and completes once it leads. Fails with "etcdserver: not leader" on a follower and
     * "etcdserver: bad leader transferee" for an id that is not a voter.
     */
    CompletableFuture<MoveLeaderResponse> moveLeader(long targetId);

    /**
     * etcd's Defragment of this member: its backend gives back free space, keeping the content.
     * Nothing to do (success) for a backend kept in memory.
     */
    default CompletableFuture<DefragmentResponse> defragment() {
        return CompletableFuture.failedFuture(new KvException(StatusCode.UNIMPLEMENTED, "etcdserver: defragment is not supported"));
    }
}
