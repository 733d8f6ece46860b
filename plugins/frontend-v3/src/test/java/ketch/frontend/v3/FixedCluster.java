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
    private final java.util.List<Long> moveLeaderTargets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<ketch.api.kv.AlarmRequest> alarmRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile List<ketch.api.kv.AlarmMember> alarms = List.of();
    private volatile List<ketch.api.kv.SnapshotChunk> snapshot = List.of();
    private volatile long lastHashKvRevision = -1;

    /** Alarm requests in order. */
    List<ketch.api.kv.AlarmRequest> alarmRequests() {
        return alarmRequests;
    }

    /** What GET lists, and what ACTIVATE and DEACTIVATE answer. */
    void alarms(List<ketch.api.kv.AlarmMember> alarms) {
        this.alarms = List.copyOf(alarms);
    }

    void snapshot(List<ketch.api.kv.SnapshotChunk> chunks) {
        this.snapshot = List.copyOf(chunks);
    }

    long lastHashKvRevision() {
        return lastHashKvRevision;
    }

    private final java.util.concurrent.atomic.AtomicInteger defragments = new java.util.concurrent.atomic.AtomicInteger();

    int defragments() {
        return defragments.get();
    }

    @Override
    public CompletableFuture<ketch.api.kv.DefragmentResponse> defragment() {
        defragments.incrementAndGet();
        return CompletableFuture.completedFuture(new ketch.api.kv.DefragmentResponse(HEADER));
    }

    private final java.util.List<String> memberCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Member changes asked for, as "add [urls] learner", "remove id", ... in order. */
    List<String> memberCalls() {
        return memberCalls;
    }

    /** Member 1 does not exist here; any other id is changed and the current members returned. */
    private CompletableFuture<MemberListResponse> change(String call, long id) {
        memberCalls.add(call);
        if (id == 1) {
            return CompletableFuture.failedFuture(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.NOT_FOUND, "etcdserver: member not found"));
        }
        return CompletableFuture.supplyAsync(() -> members);
    }

    @Override
    public CompletableFuture<ketch.api.kv.MemberAddResponse> memberAdd(List<java.net.URI> peerUrls, boolean learner) {
        memberCalls.add("add " + peerUrls + " " + learner);
        return CompletableFuture.supplyAsync(() -> new ketch.api.kv.MemberAddResponse(members.header(),
                new ketch.api.kv.Member(7, "", peerUrls, List.of(), learner), members.members()));
    }

    @Override
    public CompletableFuture<MemberListResponse> memberRemove(long id) {
        return change("remove " + Long.toUnsignedString(id), id);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberUpdate(long id, List<java.net.URI> peerUrls) {
        return change("update " + Long.toUnsignedString(id) + " " + peerUrls, id);
    }

    @Override
    public CompletableFuture<MemberListResponse> memberPromote(long id) {
        return change("promote " + Long.toUnsignedString(id), id);
    }

    /** Targets MoveLeader was called with, in order. */
    List<Long> moveLeaderTargets() {
        return moveLeaderTargets;
    }

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

    /** Revision 1 is compacted here; any other answers the set hash. */
    @Override
    public CompletableFuture<HashResponse> hashKv(long revision) {
        lastHashKvRevision = revision;
        if (revision == 1) return CompletableFuture.failedFuture(ketch.api.kv.KvException.compacted());
        return CompletableFuture.supplyAsync(() -> hash);
    }

    @Override
    public CompletableFuture<ketch.api.kv.AlarmResponse> alarm(ketch.api.kv.AlarmRequest request) {
        alarmRequests.add(request);
        if (request.action() == ketch.api.kv.AlarmRequest.Action.ACTIVATE && request.memberId() == 0
                && request.alarm() == ketch.api.kv.AlarmType.NONE) {
            return CompletableFuture.failedFuture(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.INVALID_ARGUMENT, "bad alarm"));
        }
        return CompletableFuture.supplyAsync(() -> new ketch.api.kv.AlarmResponse(alarms));
    }

    @Override
    public CompletableFuture<java.util.Iterator<ketch.api.kv.SnapshotChunk>> snapshot() {
        return CompletableFuture.supplyAsync(() -> snapshot.iterator());
    }

    /** Member 99 is no voter here; any other target takes over. */
    @Override
    public CompletableFuture<ketch.api.kv.MoveLeaderResponse> moveLeader(long targetId) {
        moveLeaderTargets.add(targetId);
        if (targetId == 99) {
            return CompletableFuture.failedFuture(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.FAILED_PRECONDITION,
                    "etcdserver: bad leader transferee"));
        }
        return CompletableFuture.supplyAsync(() -> new ketch.api.kv.MoveLeaderResponse(HEADER));
    }
}
