package ketch.node.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Iterator;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmRequest;
import ketch.api.kv.AlarmResponse;
import ketch.api.kv.AlarmType;
import ketch.api.kv.ClusterService;
import ketch.api.kv.KvException;
import ketch.api.kv.SnapshotChunk;
import ketch.kv.KvCommand;
import ketch.kv.RequestValidator;
import ketch.api.kv.HashResponse;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusResponse;
import ketch.node.cluster.ClusterIdentity;
import ketch.node.lanes.Lanes;

/** Member list, status, hashes, alarms and snapshots, answered from the identity, Raft's status and the apply lane. */
public final class NodeClusterService implements ClusterService {
    /** The etcd server version Ketch answers as, so clients enable the 3.4 feature set. */
    public static final String ETCD_VERSION = "3.4.23";

    private final Lanes lanes;
    private final ClusterIdentity identity;
    private final List<URI> clientUrls;
    private final java.time.Duration transferTimeout;
    private final Proposer proposer;

    /**
     * @param transferTimeout how long a leader transfer may take before MoveLeader gives up
     * @param proposer replicates alarm changes
     */
    public NodeClusterService(Lanes lanes, ClusterIdentity identity, List<URI> advertiseClientUrls, java.time.Duration transferTimeout,
            Proposer proposer) {
        this.lanes = lanes;
        this.proposer = proposer;
        this.identity = identity;
        this.clientUrls = List.copyOf(advertiseClientUrls);
        this.transferTimeout = transferTimeout;
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList() {
        List<Member> members = new ArrayList<>();
        for (Map.Entry<Long, String> m : identity.members().entrySet()) {
            long id = m.getKey();
            List<URI> clients = id == identity.memberId() ? clientUrls : List.of();
            members.add(new Member(id, m.getValue(), identity.peerUrls().get(id), clients, false));
        }
        // etcd's cluster-service headers carry no revision
        ResponseHeader header = new ResponseHeader(identity.clusterId(), identity.memberId(), 0, lanes.term());
        return CompletableFuture.completedFuture(new MemberListResponse(header, members));
    }

    @Override
    public CompletableFuture<StatusResponse> status() {
        return lanes.raftStatus().thenCompose(raft -> lanes.query(kv -> new StatusResponse(
                new ResponseHeader(identity.clusterId(), identity.memberId(), kv.revision(), raft.term()),
                ETCD_VERSION, lanes.backendSizeBytes().orElse(kv.sizeBytes()), raft.leaderId(), raft.commit(), raft.term(), kv.appliedIndex(), errors(kv), kv.sizeBytes(), false)));
    }

    /** etcd's status errors: each raised alarm as the proto's text form, "memberID:N alarm:NOSPACE " (NONE left out). */
    private static List<String> errors(ketch.kv.KvStateMachine kv) {
        List<String> out = new ArrayList<>();
        for (AlarmMember a : kv.alarms(AlarmType.NONE)) {
            StringBuilder text = new StringBuilder();
            if (a.memberId() != 0) text.append("memberID:").append(Long.toUnsignedString(a.memberId())).append(' ');
            if (a.alarm() != AlarmType.NONE) text.append("alarm:").append(a.alarm().name()).append(' ');
            out.add(text.toString());
        }
        return out;
    }

    @Override
    public CompletableFuture<AlarmResponse> alarm(AlarmRequest request) {
        return switch (request.action()) {
            case GET -> lanes.query(kv -> new AlarmResponse(kv.alarms(request.alarm())));
            case ACTIVATE, DEACTIVATE -> {
                KvCommand.Alarm change = new KvCommand.Alarm(request.action() == AlarmRequest.Action.ACTIVATE,
                        new AlarmMember(request.memberId(), request.alarm()));
                try {
                    RequestValidator.checkAlarm(change);
                } catch (KvException e) {
                    yield CompletableFuture.failedFuture(e);
                }
                yield proposer.propose(change, AlarmResponse.class);
            }
        };
    }

    @Override
    public CompletableFuture<HashResponse> hashKv(long revision) {
        return lanes.query(kv -> new HashResponse(new ResponseHeader(identity.clusterId(), identity.memberId(), kv.revision(), lanes.term()),
                kv.hashKv(revision), kv.compactRevision()));
    }

    @Override
    public CompletableFuture<Iterator<SnapshotChunk>> snapshot() {
        // taken on the apply lane, so it is the state at one applied index; chunked off the lane
        return lanes.query(ketch.kv.KvStateMachine::snapshot).thenApply(SnapshotChunks::new);
    }

    @Override
    public CompletableFuture<ketch.api.kv.MoveLeaderResponse> moveLeader(long targetId) {
        return lanes.transferLeadership(targetId, transferTimeout).thenApply(done -> new ketch.api.kv.MoveLeaderResponse(
                new ResponseHeader(identity.clusterId(), identity.memberId(), 0, lanes.term())));
    }

    @Override
    public CompletableFuture<ketch.api.kv.DefragmentResponse> defragment() {
        return lanes.defragmentBackend().thenApply(done -> new ketch.api.kv.DefragmentResponse(
                new ResponseHeader(identity.clusterId(), identity.memberId(), 0, lanes.term())));
    }

    @Override
    public CompletableFuture<HashResponse> hash() {
        return lanes.query(kv -> new HashResponse(
                new ResponseHeader(identity.clusterId(), identity.memberId(), kv.revision(), lanes.term()), kv.hash(), kv.compactRevision()));
    }
}
