package ketch.node.service;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import ketch.api.kv.MemberAddResponse;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusResponse;
import ketch.node.cluster.ClusterIdentity;
import ketch.node.lanes.Lanes;

/**
 * Member list and changes, status, hashes, alarms and snapshots, answered from the replicated
 * member table, Raft's status and the apply lane. Member changes are {@link MemberChanges}.
 */
public final class NodeClusterService implements ClusterService {
    /** The etcd server version Ketch answers as, so clients enable the 3.4 feature set. */
    public static final String ETCD_VERSION = "3.4.23";

    private final Lanes lanes;
    private final ClusterIdentity identity;
    private final List<URI> clientUrls;
    private final java.time.Duration transferTimeout;
    private final Proposer proposer;
    private final MemberChanges changes;
    private final java.util.function.LongSupplier clusterId; // the replicated one once known

    /**
     * @param proposer replicates alarm and member changes
     * @param transferTimeout how long a leader transfer may take before MoveLeader gives up
     * @param clusterToken the initial-cluster token, which new members' ids are computed with
     * @param clusterId the cluster id for headers answered outside the apply lane
     */
    public NodeClusterService(Lanes lanes, Proposer proposer, ClusterIdentity identity, List<URI> advertiseClientUrls,
            java.time.Duration transferTimeout, String clusterToken, java.util.function.LongSupplier clusterId) {
        this.lanes = lanes;
        this.clusterId = clusterId;
        this.proposer = proposer;
        this.identity = identity;
        this.clientUrls = List.copyOf(advertiseClientUrls);
        this.transferTimeout = transferTimeout;
        this.changes = new MemberChanges(lanes, proposer, identity.memberId(), clusterToken, transferTimeout);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList() {
        return lanes.query(kv -> kv.members().isEmpty() ? Optional.<MemberListResponse>empty() : Optional.of(new MemberListResponse(
                new ResponseHeader(kv.clusterId(), identity.memberId(), 0, lanes.term()), withOwnAttributes(kv.members()))))
                .thenApply(fromTable -> fromTable.orElseGet(this::initialMembers));
    }

    /** This member knows its own name and client URLs before their publish entry is applied. */
    private List<Member> withOwnAttributes(List<Member> members) {
        List<Member> out = new ArrayList<>(members.size());
        for (Member m : members) {
            boolean unpublished = m.id() == identity.memberId() && m.clientUrls().isEmpty();
            out.add(unpublished ? new Member(m.id(), identity.name(), m.peerUrls(), clientUrls, m.learner()) : m);
        }
        return out;
    }

    @Override
    public CompletableFuture<MemberAddResponse> memberAdd(List<URI> peerUrls, boolean learner) {
        return changes.add(peerUrls, learner);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberRemove(long id) {
        return changes.remove(id);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberUpdate(long id, List<URI> peerUrls) {
        return changes.update(id, peerUrls);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberPromote(long id) {
        return changes.promote(id);
    }

    /** Before the first configuration entry is applied (or over a data dir from before the member table): initial-cluster. */
    private MemberListResponse initialMembers() {
        List<Member> members = new ArrayList<>();
        for (Map.Entry<Long, String> m : identity.members().entrySet()) {
            long id = m.getKey();
            List<URI> clients = id == identity.memberId() ? clientUrls : List.of();
            members.add(new Member(id, m.getValue(), identity.peerUrls().get(id), clients, false));
        }
        // etcd's cluster-service headers carry no revision
        ResponseHeader header = new ResponseHeader(clusterId.getAsLong(), identity.memberId(), 0, lanes.term());
        return new MemberListResponse(header, members);
    }

    @Override
    public CompletableFuture<StatusResponse> status() {
        return lanes.raftStatus().thenCompose(raft -> lanes.query(kv -> new StatusResponse(
                new ResponseHeader(kv.clusterId(), identity.memberId(), kv.revision(), raft.term()),
                ETCD_VERSION, lanes.backendSizeBytes().orElse(kv.sizeBytes()), raft.leaderId(), raft.commit(), raft.term(), kv.appliedIndex(), errors(kv), kv.sizeBytes(),
                raft.conf().learners().contains(identity.memberId()))));
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
        return lanes.query(kv -> new HashResponse(new ResponseHeader(kv.clusterId(), identity.memberId(), kv.revision(), lanes.term()),
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
                new ResponseHeader(clusterId.getAsLong(), identity.memberId(), 0, lanes.term())));
    }

    @Override
    public CompletableFuture<ketch.api.kv.DefragmentResponse> defragment() {
        return lanes.defragmentBackend().thenApply(done -> new ketch.api.kv.DefragmentResponse(
                new ResponseHeader(clusterId.getAsLong(), identity.memberId(), 0, lanes.term())));
    }

    @Override
    public CompletableFuture<HashResponse> hash() {
        return lanes.query(kv -> new HashResponse(
                new ResponseHeader(kv.clusterId(), identity.memberId(), kv.revision(), lanes.term()), kv.hash(), kv.compactRevision()));
    }
}
