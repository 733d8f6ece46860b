package ketch.api.kv;

import java.net.URI;
import java.util.List;
import java.util.Iterator;
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

    /** This member's status: version, leader, raft index and term, applied index, raised alarms. */
    CompletableFuture<StatusResponse> status();

    /** A hash of the whole keyspace at the current revision. */
    CompletableFuture<HashResponse> hash();

    /**
     * etcd's HashKV: a hash of every retained key version at or below {@code revision} (0 = the
     * current one), equal on every member for the same revision; fails with etcd's compacted or
     * future-revision error.
     */
    CompletableFuture<HashResponse> hashKv(long revision);

    /**
     * etcd's Alarm: GET is answered from this member's state; ACTIVATE and DEACTIVATE are
     * replicated. A request etcd cannot serve (ACTIVATE with neither member nor alarm type) fails
     * with INVALID_ARGUMENT.
     */
    CompletableFuture<AlarmResponse> alarm(AlarmRequest request);

    /**
     * etcd's Snapshot: the member's whole state taken at one applied index, as chunks with the
     * bytes still to come, ending with a chunk holding the SHA-256 of the others.
     */
    CompletableFuture<Iterator<SnapshotChunk>> snapshot();

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
