package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import org.junit.jupiter.api.Test;

class BasicReplicationTest {

    @Test
    void singleMemberElectsItselfAfterAnElectionTimeoutAndCommits() {
        Cluster c = Cluster.of(1);
        RaftNode n = c.node(1);
        c.tick(1, 9);
        assertEquals(Role.FOLLOWER, n.role(), "no election before the minimum timeout");
        c.tick(1, 11);
        assertEquals(Role.LEADER, n.role());
        assertEquals(2, n.term());
        ProposeResult r = c.propose(1, "a", "b");
        ProposeResult.Accepted a = assertInstanceOf(ProposeResult.Accepted.class, r);
        assertEquals(3, a.firstIndex(), "after 1 bootstrap entry and the leader's empty entry");
        assertEquals(4, a.lastIndex());
        c.processAll();
        assertEquals(List.of("a", "b"), c.applied(1));
        assertEquals(4, n.status().commit());
    }

    @Test
    void leaderDoesNotCommitItsOwnEntryBeforePersistingIt() {
        Cluster c = Cluster.of(1);
        c.elect(1);
        Cluster.Member m = c.member(1);
        m.autoPersist = false;
        c.propose(1, "x");
        c.processAll();
        assertEquals(List.of(), c.applied(1), "a single member's quorum is its own durable log");
        c.flush(1);
        c.processAll();
        assertEquals(List.of("x"), c.applied(1));
    }

    @Test
    void threeMembersReplicateAndApplyInOrder() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        for (int i = 0; i < 20; i++) c.propose(1, "cmd" + i);
        c.stabilize();
        for (long id = 1; id <= 3; id++) {
            assertEquals(20, c.applied(id).size(), "member " + id);
            assertEquals("cmd19", c.applied(id).get(19));
        }
        assertEquals(c.node(1).status().commit(), c.node(2).status().commit());
    }

    @Test
    void followerForwardsProposalsToTheLeader() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        ProposeResult r = c.propose(2, "via-follower");
        assertEquals(new ProposeResult.Forwarded(1), r);
        c.stabilize();
        assertEquals(List.of("via-follower"), c.applied(3));
    }

    @Test
    void proposalWithoutALeaderIsRefusedNotDropped() {
        Cluster c = Cluster.of(3);
        ProposeResult r = c.propose(2, "nobody-listens");
        assertEquals(new ProposeResult.Refused(ProposeResult.Reason.NO_LEADER), r);
        assertTrue(c.network.isEmpty());
    }

    @Test
    void bootstrapNeedsEmptyStorage() {
        Cluster c = Cluster.of(1);
        assertThrows(IllegalStateException.class, () -> c.node(1).bootstrap(ConfState.ofVoters(List.of(1L))));
    }

    @Test
    void restartRestoresTermVoteAndLog() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(1, "durable");
        c.stabilize();
        long term = c.node(2).term();
        c.restart(2);
        assertEquals(term, c.node(2).term());
        c.stabilize();
        c.tickAll(2);
        assertEquals(List.of("durable"), c.applied(2), "re-applied from the log after restart");
    }

    @Test
    void memberIdsAreUnsigned64BitSoNegativeLongsWork() {
        // etcd member ids are random 64-bit values; as Java longs half of them are negative
        Cluster c = new Cluster(RaftConfig.defaults(1), Long.MIN_VALUE + 1, -5, 42);
        c.elect(-5);
        c.propose(42, "forwarded");
        c.propose(-5, "direct");
        c.stabilize();
        for (long id : new long[] {Long.MIN_VALUE + 1, -5, 42}) {
            assertEquals(java.util.Set.of("forwarded", "direct"), java.util.Set.copyOf(c.applied(id)), "member " + id);
            assertEquals(c.applied(-5), c.applied(id), "same order everywhere");
        }
        c.node(-5).transferLeadership(Long.MIN_VALUE + 1);
        c.stabilize();
        assertEquals(Long.MIN_VALUE + 1, c.leader());
    }

    @Test
    void emptyProposalIsABadArgument() {
        RaftNode n = new RaftNode(RaftConfig.defaults(1), new MemoryRaftStorage(), RandomSource.seeded(1));
        assertThrows(IllegalArgumentException.class, () -> n.propose(List.of()));
    }

    @Test
    void entriesCarryOneCommandEach() {
        Cluster c = Cluster.of(1);
        c.elect(1);
        c.propose(1, "a", "b", "c");
        c.processAll();
        List<Entry> normal = c.member(1).committed.stream()
                .filter(e -> e.type() == Entry.Type.NORMAL && !e.data().isEmpty()).toList();
        assertEquals(List.of(Bytes.of("a"), Bytes.of("b"), Bytes.of("c")), normal.stream().map(Entry::data).toList());
    }
}
