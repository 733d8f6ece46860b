package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.RequestVote;
import org.junit.jupiter.api.Test;

/** Pre-vote (thesis §9.6) and check-quorum (thesis §6.2): keeping a healthy leader in place. */
class ElectionFeaturesTest {

    @Test
    void preVote_isolatedMemberDoesNotRaiseItsTermAndCannotDisruptOnReturn() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        long term = c.node(1).term();
        c.isolated.add(3L);
        c.tickAll(100);
        assertEquals(term, c.node(3).term(), "pre-votes failed, so the real election never started");
        assertEquals(Role.PRE_CANDIDATE, c.node(3).role());
        c.isolated.clear();
        c.tickAll(5);
        assertEquals(1, c.leader());
        assertEquals(term, c.node(1).term(), "the leader was not deposed");
        assertEquals(Role.FOLLOWER, c.node(3).role());
    }

    @Test
    void withoutPreVote_isolatedMemberRaisesItsTermAndDeposesTheLeaderOnReturn() {
        Cluster c = new Cluster(RaftConfig.defaults(1).withPreVote(false), 1, 2, 3);
        c.elect(1);
        long term = c.node(1).term();
        c.isolated.add(3L);
        c.tickAll(100);
        assertTrue(c.node(3).term() > term + 3);
        c.isolated.clear();
        c.tickAll(40);
        assertTrue(c.node(1).term() > term, "the returning member's higher term forced a new election");
        assertTrue(c.leader() != 0);
    }

    @Test
    void checkQuorum_leaderCutOffFromItsQuorumStepsDownAfterAnElectionTimeout() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolated.add(1L);
        c.tick(1, 9);
        assertEquals(Role.LEADER, c.node(1).role());
        c.tick(1, 12);
        assertEquals(Role.FOLLOWER, c.node(1).role());
        assertEquals(0, c.node(1).leaderId());
    }

    @Test
    void checkQuorum_leaderThatHearsFromAQuorumStays() {
        Cluster c = Cluster.of(5);
        c.elect(1);
        c.isolated.add(4L);
        c.isolated.add(5L);
        c.tickAll(50);
        assertEquals(Role.LEADER, c.node(1).role());
    }

    @Test
    void checkQuorum_followersIgnoreVoteRequestsWhileTheirLeaderIsAlive() {
        Fixture f = new Fixture(RaftConfig.defaults(2).withPreVote(false), Fixture.ids(3), 1, 0, List.of());
        f.node.step(new AppendEntries(1, 2, 1, 0, 0, List.of(), 0));
        f.drain();
        f.node.step(new RequestVote(3, 2, 2, 10, 1, false, false));
        assertTrue(f.drain().isEmpty(), "inside the lease the request is dropped");
        assertEquals(1, f.node.term(), "and the term is not raised");
        f.node.step(new RequestVote(3, 2, 2, 10, 1, false, true));
        assertEquals(2, f.node.term(), "a leader-transfer campaign bypasses the lease");
    }

    @Test
    void aLearnerNeverCampaigns() {
        Fixture f = new Fixture(RaftConfig.defaults(4), Fixture.ids(3), 0, 0, List.of());
        f.tick(100);
        assertEquals(Role.FOLLOWER, f.node.role());
        assertTrue(f.drain().isEmpty());
    }
}
