package ketch.api.kv;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Cluster membership and member status, as etcd's Cluster and (part of) Maintenance services. */
public interface ClusterService {
    CompletableFuture<MemberListResponse> memberList();

    /**
     * etcd's MemberAdd: adds a member with these peer URLs as a voter or a learner; it has no name
     * or client URLs until it starts and publishes them. Fails with etcd's errors ("etcdserver:
     * Peer URLs already exists", "etcdserver: given member URLs are invalid", ...).
     */
    CompletableFuture<MemberAddResponse> memberAdd(List<URI> peerUrls, boolean learner);

    /** etcd's MemberRemove: the members after the removal; "etcdserver: member not found" for a stranger. */
    CompletableFuture<MemberListResponse> memberRemove(long id);

    /** etcd's MemberUpdate: new peer URLs for member {@code id}; the members after the change. */
    CompletableFuture<MemberListResponse> memberUpdate(long id, List<URI> peerUrls);

    /** etcd's MemberPromote: makes learner {@code id} a voter once it is in sync with the leader. */
    CompletableFuture<MemberListResponse> memberPromote(long id);

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
}
