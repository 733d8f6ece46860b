package ketch.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import ketch.api.kv.KvException;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.StatusCode;
import ketch.kv.members.MemberAttributes;
import ketch.kv.members.MemberCodec;
import ketch.kv.members.MembershipChange;
import ketch.kv.members.MembershipChange.Kind;
import org.junit.jupiter.api.Test;

/** The replicated member table: Raft's change rules, publish and update commands, snapshots, codecs. */
class MembershipStateTest {
    private static final URI P1 = URI.create("http://127.0.0.1:2380");
    private static final URI P2 = URI.create("http://127.0.0.1:2381");
    private static final URI P3 = URI.create("http://127.0.0.1:2382");
    /** Above 2^63, so unsigned order differs from signed order. */
    private static final long BIG = 0xd87170eed6a7d8efL;

    private final KvStateMachine kv = new KvStateMachine(Fixture.CLUSTER, Fixture.MEMBER);
    private long index;

    private boolean change(Kind kind, long id, String name, URI peer) {
        return kv.applyMembership(++index, new MembershipChange(kind, id, name, peer == null ? List.of() : List.of(peer), 0));
    }

    @Test
    void membersAreListedInUnsignedIdOrderWithTheirRoles() {
        change(Kind.ADD_VOTER, BIG, "n1", P1);
        change(Kind.ADD_VOTER, 5, "n2", P2);
        change(Kind.ADD_LEARNER, 7, "", P3);
        assertEquals(List.of(5L, 7L, BIG), kv.members().stream().map(Member::id).toList());
        assertTrue(kv.member(7).orElseThrow().learner());
        assertEquals(List.of(P2), kv.member(5).orElseThrow().peerUrls());
        assertEquals(3, kv.appliedIndex());
    }

    @Test
    void promoteKeepsAttributesAndRemoveRemembersTheId() {
        change(Kind.ADD_VOTER, 1, "n1", P1);
        change(Kind.ADD_LEARNER, 2, "", P2);
        kv.apply(++index, 1, new KvCommand.MemberPublish(2, "n2", List.of(URI.create("http://127.0.0.1:2379"))));
        assertTrue(change(Kind.ADD_VOTER, 2, "", P2));
        Member promoted = kv.member(2).orElseThrow();
        assertFalse(promoted.learner());
        assertEquals("n2", promoted.name());
        assertEquals(List.of(URI.create("http://127.0.0.1:2379")), promoted.clientUrls());
        assertTrue(change(Kind.REMOVE, 2, "", null));
        assertTrue(kv.isRemoved(2));
        assertTrue(kv.member(2).isEmpty());
    }

    @Test
    void changesRaftIgnoresChangeNothing() {
        change(Kind.ADD_VOTER, 1, "n1", P1);
        assertFalse(change(Kind.REMOVE, 1, "", null), "the last voter stays");
        assertFalse(change(Kind.ADD_LEARNER, 1, "", null), "the last voter is not demoted");
        assertFalse(change(Kind.REMOVE, 99, "", null), "a stranger");
        assertFalse(change(Kind.ADD_VOTER, 1, "other", P2), "already a voter");
        assertEquals(List.of(new Member(1, "n1", List.of(P1), List.of(), false)), kv.members());
    }

    @Test
    void publishAndUpdateAnswerTheMemberListOrMemberNotFound() {
        change(Kind.ADD_VOTER, 1, "n1", P1);
        ApplyResult ok = kv.apply(++index, 3, new KvCommand.MemberUpdate(1, List.of(P3)));
        MemberListResponse list = (MemberListResponse) assertInstanceOf(ApplyResult.Success.class, ok).response();
        assertEquals(List.of(P3), list.members().getFirst().peerUrls());
        assertEquals(0, list.header().revision(), "cluster responses carry no revision");
        assertEquals(3, list.header().raftTerm());
        ApplyResult missing = kv.apply(++index, 3, new KvCommand.MemberPublish(42, "x", List.of()));
        KvException e = assertInstanceOf(ApplyResult.Failure.class, missing).error();
        assertEquals(StatusCode.NOT_FOUND, e.code());
        assertEquals("etcdserver: member not found", e.getMessage());
    }

    @Test
    void theBootstrapClusterIdBecomesTheHeaderClusterId() {
        kv.applyMembership(++index, new MembershipChange(Kind.ADD_VOTER, 1, "n1", List.of(P1), 777));
        assertEquals(777, kv.clusterId());
        ApplyResult r = kv.apply(++index, 1, new KvCommand.MemberPublish(1, "n1", List.of()));
        assertEquals(777, ((MemberListResponse) ((ApplyResult.Success) r).response()).header().clusterId());
    }

    @Test
    void theSnapshotCarriesTheMemberTable() {
        kv.applyMembership(++index, new MembershipChange(Kind.ADD_VOTER, BIG, "n1", List.of(P1), 777));
        change(Kind.ADD_LEARNER, 2, "", P2);
        change(Kind.ADD_VOTER, 3, "n3", P3);
        change(Kind.REMOVE, 3, "", null);
        kv.apply(++index, 1, new KvCommand.MemberPublish(2, "n2", List.of(URI.create("https://c:1"))));
        KvStateMachine restored = KvStateMachine.restore(kv.snapshot(), 1, 1);
        assertEquals(kv.members(), restored.members());
        assertTrue(restored.isRemoved(3));
        assertEquals(777, restored.clusterId());
        assertArrayEquals(kv.snapshot(), restored.snapshot());
    }

    @Test
    void aSnapshotWithoutTheMemberSectionRestoresAnEmptyTable() {
        kv.applyMembership(++index, new MembershipChange(Kind.ADD_VOTER, 1, "n1", List.of(P1), 777));
        byte[] withTable = kv.snapshot();
        KvStateMachine older = new KvStateMachine(Fixture.CLUSTER, Fixture.MEMBER);
        older.applyNoop(index); // the same state as a node without a member table writes it
        byte[] withoutTable = older.snapshot();
        int body = withoutTable.length - 4;
        assertArrayEquals(Arrays.copyOf(withoutTable, body), Arrays.copyOf(withTable, body), "the table is an appended section");
        assertEquals(MemberSection.TAG, withTable[body], "tagged with the optional-section tag");
        KvStateMachine restored = KvStateMachine.restore(withoutTable, 1, 1);
        assertTrue(restored.members().isEmpty());
        assertTrue(restored.replicatedClusterId().isEmpty());
        assertEquals(1, restored.clusterId(), "without a table the configured cluster id answers");
    }

    @Test
    void commandsAndAttributesRoundTripAndRejectGarbage() {
        List<KvCommand> commands = List.of(new KvCommand.MemberPublish(BIG, "näme", List.of(P1, P2)),
                new KvCommand.MemberUpdate(3, List.of(P3)), new KvCommand.MemberUpdate(4, List.of()));
        for (KvCommand c : commands) assertEquals(c, KvCommandCodec.decode(KvCommandCodec.encode(c)));
        MemberAttributes a = new MemberAttributes("n1", List.of(P1, P2), BIG);
        byte[] bytes = MemberCodec.encodeAttributes(a);
        assertEquals(a, MemberCodec.decodeAttributes(bytes));
        for (int cut = 0; cut < bytes.length; cut++) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThrows(IllegalArgumentException.class, () -> MemberCodec.decodeAttributes(truncated));
        }
        byte[] badVersion = bytes.clone();
        badVersion[0] = 9;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberCodec.decodeAttributes(badVersion));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }
}
