package ketch.node.service;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import ketch.api.kv.KvException;
import ketch.api.kv.Member;
import ketch.api.kv.MemberAddResponse;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.StatusCode;
import ketch.kv.KvCommand;
import ketch.kv.members.MemberAttributes;
import ketch.kv.members.MemberTable;
import ketch.node.cluster.MemberIds;
import ketch.node.cluster.PeerUrls;
import ketch.node.lanes.Lanes;
import ketch.raft.ConfChange;
import ketch.raft.Role;
import ketch.raft.Status;

/**
 * etcd's member add, remove, update and promote: checked against the applied member table and
 * Raft's view of the followers with etcd's rules and errors, then replicated (conf changes for
 * add, remove and promote; a command for update, which changes no configuration).
 *
 * <p>A new member's id is etcd's member id of its peer URLs and the cluster token (not etcd's
 * time-salted one), so the member computes the same id when it starts with the same URLs and
 * token. Removed ids are never reused (adding one answers etcd's "member not found", its answer to
 * a removed id), so a replacement needs another peer URL or token.
 */
final class MemberChanges {
    static final String PEER_URLS_EXIST = "etcdserver: Peer URLs already exists";
    static final String MEMBER_EXISTS = "etcdserver: member ID already exist";
    static final String NOT_LEARNER = "etcdserver: can only promote a learner member";
    static final String LEARNER_NOT_READY = "etcdserver: can only promote a learner member which is in sync with leader";
    static final String NOT_ENOUGH_STARTED = "etcdserver: re-configuration failed due to not enough started members";
    static final String UNHEALTHY = "etcdserver: unhealthy cluster";
    static final String TOO_MANY_LEARNERS = "etcdserver: too many learner members in cluster";
    static final String NOT_LEADER = "etcdserver: not leader";
    /** etcd's readyPercent: a learner whose match index is at least this share of the leader's may be promoted. */
    static final double LEARNER_READY_PERCENT = 0.9;
    /** etcd 3.4's maxLearners. */
    static final int MAX_LEARNERS = 1;

    private final Lanes lanes;
    private final Proposer proposer;
    private final long self;
    private final String clusterToken;
    private final Duration transferTimeout;

    MemberChanges(Lanes lanes, Proposer proposer, long self, String clusterToken, Duration transferTimeout) {
        this.lanes = lanes;
        this.proposer = proposer;
        this.self = self;
        this.clusterToken = clusterToken;
        this.transferTimeout = transferTimeout;
    }

    private record View(List<Member> members, Map<Long, Boolean> removed) {
        Optional<Member> member(long id) {
            return members.stream().filter(m -> m.id() == id).findFirst();
        }

        long voters() {
            return members.stream().filter(m -> !m.learner()).count();
        }
    }

    private CompletableFuture<View> view(List<Long> ids) {
        return lanes.query(kv -> {
            Map<Long, Boolean> removed = new java.util.TreeMap<>();
            for (long id : ids) removed.put(id, kv.isRemoved(id));
            return new View(kv.members(), removed);
        });
    }

    CompletableFuture<MemberAddResponse> add(List<URI> peerUrls, boolean learner) {
        List<URI> urls;
        try {
            urls = PeerUrls.check(peerUrls);
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        long id = MemberIds.memberId(urls, clusterToken);
        return view(List.of(id)).thenCompose(v -> {
            for (Member m : v.members()) {
                if (m.peerUrls().stream().anyMatch(urls::contains)) throw precondition(PEER_URLS_EXIST);
            }
            if (v.member(id).isPresent()) throw precondition(MEMBER_EXISTS);
            if (v.removed().get(id)) throw MemberTable.memberNotFound(); // etcd maps ErrIDRemoved to this
            if (learner && v.members().stream().filter(Member::learner).count() >= MAX_LEARNERS) throw precondition(TOO_MANY_LEARNERS);
            if (!learner && !readyToAddVoter(v)) throw precondition(NOT_ENOUGH_STARTED);
            ConfChange change = learner ? ConfChange.addLearner(id) : ConfChange.addVoter(id);
            return proposer.proposeMembership(change, new MemberAttributes("", urls, 0)).thenApply(list -> new MemberAddResponse(
                    list.header(), new Member(id, "", urls, List.of(), learner), list.members()));
        });
    }

    /** etcd's IsReadyToAddVotingMember: the started voters must still be a quorum with the new voter counted. */
    private static boolean readyToAddVoter(View v) {
        long voters = v.voters() + 1;
        long started = v.members().stream().filter(m -> !m.learner() && !m.name().isEmpty()).count();
        if (started == 1 && voters == 2) return true; // a single member may always grow to two
        return started >= voters / 2 + 1;
    }

    CompletableFuture<MemberListResponse> remove(long id) {
        return view(List.of(id)).thenCompose(v -> {
            Member m = v.member(id).orElseThrow(MemberTable::memberNotFound);
            return lanes.raftStatus().thenCompose(status -> {
                if (!m.learner()) checkRemoveVoter(v, status, id);
                if (id == self && status.role() == Role.LEADER) {
                    // hand leadership over first, so the cluster does not wait out an election timeout
                    return lanes.transferLeadership(successor(status), transferTimeout)
                            .thenCompose(done -> proposer.proposeMembership(ConfChange.remove(id), MemberAttributes.NONE));
                }
                return proposer.proposeMembership(ConfChange.remove(id), MemberAttributes.NONE);
            });
        });
    }

    /** etcd's strict reconfiguration check (mayRemoveMember), with the leader's view of who is active. */
    private void checkRemoveVoter(View v, Status status, long id) {
        long voters = v.voters();
        if (voters <= 1) throw precondition(NOT_ENOUGH_STARTED);
        if (status.role() != Role.LEADER) return; // only the leader knows which followers answer
        if (id != self && !active(status, id)) return; // a member that is down is safe to remove
        long active = v.members().stream().filter(m -> !m.learner() && active(status, m.id())).count();
        if (active - 1 < 1 + (voters - 1) / 2) throw new KvException(StatusCode.UNAVAILABLE, UNHEALTHY);
    }

    private boolean active(Status status, long id) {
        if (id == self) return true;
        Status.FollowerProgress p = status.progress().get(id);
        return p != null && p.recentActive();
    }

    /** The most caught-up other voter. */
    private long successor(Status status) {
        long best = 0;
        long bestMatch = -1;
        for (long voter : status.conf().voters()) {
            Status.FollowerProgress p = status.progress().get(voter);
            if (voter == self || p == null) continue;
            if (p.match() > bestMatch) {
                best = voter;
                bestMatch = p.match();
            }
        }
        if (best == 0) throw new KvException(StatusCode.FAILED_PRECONDITION, NOT_ENOUGH_STARTED);
        return best;
    }

    CompletableFuture<MemberListResponse> update(long id, List<URI> peerUrls) {
        List<URI> urls;
        try {
            urls = PeerUrls.check(peerUrls);
        } catch (KvException e) {
            return CompletableFuture.failedFuture(e);
        }
        return view(List.of(id)).thenCompose(v -> {
            v.member(id).orElseThrow(MemberTable::memberNotFound);
            for (Member m : v.members()) {
                if (m.id() != id && m.peerUrls().stream().anyMatch(urls::contains)) throw precondition(PEER_URLS_EXIST);
            }
            return proposer.propose(new KvCommand.MemberUpdate(id, urls), MemberListResponse.class);
        });
    }

    CompletableFuture<MemberListResponse> promote(long id) {
        return view(List.of(id)).thenCompose(v -> {
            Member m = v.member(id).orElseThrow(MemberTable::memberNotFound);
            if (!m.learner()) throw precondition(NOT_LEARNER);
            return lanes.raftStatus().thenCompose(status -> {
                if (status.role() != Role.LEADER) throw precondition(NOT_LEADER);
                if (!learnerReady(status, id)) throw precondition(LEARNER_NOT_READY);
                return proposer.proposeMembership(ConfChange.addVoter(id), new MemberAttributes(m.name(), m.peerUrls(), 0));
            });
        });
    }

    /** etcd's isLearnerReady: the learner's match index is at least 90% of the leader's. */
    private boolean learnerReady(Status status, long id) {
        Status.FollowerProgress learner = status.progress().get(id);
        Status.FollowerProgress leader = status.progress().get(self);
        if (learner == null || leader == null) return false;
        return learner.match() >= leader.match() * LEARNER_READY_PERCENT;
    }

    private static KvException precondition(String message) {
        return new KvException(StatusCode.FAILED_PRECONDITION, message);
    }
}
