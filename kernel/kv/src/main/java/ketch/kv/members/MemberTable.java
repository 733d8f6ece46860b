package ketch.kv.members;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import ketch.api.kv.KvException;
import ketch.api.kv.Member;
import ketch.api.kv.StatusCode;

/**
 * The members of the cluster as the applied log defines them, in etcd's order (unsigned id), and
 * the ids removed so far. Changes mirror Raft's configuration rules exactly (a change Raft ignores
 * is ignored here too), so the table and Raft's configuration always name the same members.
 */
public final class MemberTable {
    private final TreeMap<Long, Member> members = new TreeMap<>(Long::compareUnsigned);
    private final TreeSet<Long> removed = new TreeSet<>(Long::compareUnsigned);
    private long clusterId;

    public MemberTable() {}

    /** A table with these contents (snapshot restore). */
    public static MemberTable of(long clusterId, List<Member> members, List<Long> removed) {
        MemberTable t = new MemberTable();
        t.clusterId = clusterId;
        for (Member m : members) {
            if (t.members.put(m.id(), m) != null) throw new IllegalArgumentException("member " + Long.toUnsignedString(m.id()) + " listed twice");
        }
        t.removed.addAll(removed);
        return t;
    }

    /** Every member in unsigned id order. */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public Optional<Member> member(long id) {
        return Optional.ofNullable(members.get(id));
    }

    /** Ids removed from the cluster (never reused by etcd; see {@link #isRemoved}). */
    public List<Long> removed() {
        return List.copyOf(removed);
    }

    public boolean isRemoved(long id) {
        return removed.contains(id);
    }

    /** The cluster id the bootstrap entries carried; 0 if none did. */
    public long clusterId() {
        return clusterId;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** Applies a committed configuration change; returns whether the table changed. */
    public boolean apply(MembershipChange change) {
        if (clusterId == 0 && change.clusterId() != 0) clusterId = change.clusterId();
        long id = change.memberId();
        Member current = members.get(id);
        long voters = members.values().stream().filter(m -> !m.learner()).count();
        switch (change.kind()) {
            case ADD_VOTER -> {
                if (current != null && !current.learner()) return false;
                members.put(id, current == null ? fresh(change, false) : withLearner(current, false));
            }
            case ADD_LEARNER -> {
                if (current != null && current.learner()) return false;
                if (current != null && voters == 1) return false; // Raft never demotes the last voter
                members.put(id, current == null ? fresh(change, true) : withLearner(current, true));
            }
            case REMOVE -> {
                if (current == null) return false;
                if (!current.learner() && voters == 1) return false; // nor removes it
                members.remove(id);
                removed.add(id);
                return true;
            }
        }
        removed.remove(id); // Raft accepts a removed id again; the node refuses to propose one
        return true;
    }

    /** A started member's name and client URLs (etcd's "publish"); fails if it is not a member. */
    public void publish(long id, String name, List<URI> clientUrls) {
        Member m = require(id);
        members.put(id, new Member(id, name, m.peerUrls(), clientUrls, m.learner()));
    }

    /** New peer URLs for a member (etcd's member update); fails if it is not a member. */
    public void updatePeerUrls(long id, List<URI> peerUrls) {
        Member m = require(id);
        members.put(id, new Member(id, m.name(), peerUrls, m.clientUrls(), m.learner()));
    }

    private Member require(long id) {
        Member m = members.get(id);
        if (m == null) throw memberNotFound();
        return m;
    }

    /** etcd's ErrMemberNotFound. */
    public static KvException memberNotFound() {
        return new KvException(StatusCode.NOT_FOUND, "etcdserver: member not found");
    }

    private static Member fresh(MembershipChange change, boolean learner) {
        return new Member(change.memberId(), change.name(), change.peerUrls(), List.of(), learner);
    }

    private static Member withLearner(Member m, boolean learner) {
        return new Member(m.id(), m.name(), m.peerUrls(), m.clientUrls(), learner);
    }

    /** Mutable copy, for a caller that must not see later changes. */
    public MemberTable copy() {
        return of(clusterId, new ArrayList<>(members.values()), new ArrayList<>(removed));
    }
}
