package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-server membership changes (thesis §4.1), applied when committed, one at a time. */
class MembershipTest {

    @Test
    void learnerReceivesTheLogButDoesNotCountTowardsCommit() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.addEmpty(4);
        assertInstanceOf(ProposeResult.Accepted.class, c.node(1).proposeConfChange(ConfChange.addLearner(4)));
        c.stabilize();
        assertEquals(List.of(4L), c.member(1).conf.learners());
        c.propose(1, "x");
        c.stabilize();
        assertEquals(List.of("x"), c.applied(4));
        // with 2 and 3 cut off, leader + learner are not a quorum
        c.isolated.add(2L);
        c.isolated.add(3L);
        long commit = c.node(1).status().commit();
        c.propose(1, "y");
        c.stabilize();
        assertEquals(commit, c.node(1).status().commit());
    }

    @Test
    void promotedLearnerVotesAndCounts() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.addEmpty(4);
        c.node(1).proposeConfChange(ConfChange.addLearner(4));
        c.stabilize();
        assertInstanceOf(ProposeResult.Accepted.class, c.node(1).proposeConfChange(ConfChange.addVoter(4)));
        c.stabilize();
        assertEquals(List.of(1L, 2L, 3L, 4L), c.member(4).conf.voters());
        // 4 voters: quorum 3; leader + 4 + 2 commit without 3
        c.isolated.add(3L);
        c.propose(1, "z");
        c.stabilize();
        assertEquals(List.of("z"), c.applied(4));
    }

    @Test
    void onlyOneChangeMayBePendingAtATime() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        c.isolated.add(2L);
        c.isolated.add(3L);
        assertInstanceOf(ProposeResult.Accepted.class, c.node(1).proposeConfChange(ConfChange.addLearner(4)));
        assertEquals(new ProposeResult.Refused(ProposeResult.Reason.CONF_CHANGE_PENDING),
                c.node(1).proposeConfChange(ConfChange.addLearner(5)));
    }

    @Test
    void newLeaderAcceptsNoChangeBeforeApplyingItsOwnFirstEntry() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        assertEquals(new ProposeResult.Refused(ProposeResult.Reason.CONF_CHANGE_PENDING),
                f.node.proposeConfChange(ConfChange.addLearner(4)));
    }

    @Test
    void removedFollowerStopsCountingAndTheGroupGoesOn() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.node(1).proposeConfChange(ConfChange.remove(3));
        c.stabilize();
        assertEquals(List.of(1L, 2L), c.member(1).conf.voters());
        c.isolated.add(3L);
        c.propose(1, "two-member-quorum");
        c.stabilize();
        assertEquals(List.of("two-member-quorum"), c.applied(2));
    }

    @Test
    void aRemovedFollowerLearnsThatItsRemovalCommitted() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        c.node(1).proposeConfChange(ConfChange.remove(3));
        c.stabilize();
        // the leader sends nothing more to a removed member, except a last commit notice
        assertEquals(List.of(1L, 2L), c.member(3).conf.voters(), "member 3 applied its own removal");
    }

    @Test
    void aLaggingRemovedFollowerStillLearnsThatItsRemovalCommitted() {
        // everything for 3 is lost while the leader counts it as a voter; only the farewell, sent
        // when the leader applies the removal, reaches it
        Cluster d = Cluster.of(3);
        d.elect(1);
        d.stabilize();
        d.drop = m -> m.to() == 3 && d.member(1).conf.voters().contains(3L);
        d.node(1).proposeConfChange(ConfChange.remove(3));
        d.stabilize();
        assertEquals(List.of(1L, 2L), d.member(3).conf.voters(), "member 3 got the entry and its commit from the farewell");
    }

    @Test
    void removedLeaderStepsDownAndTheRestElectANewOne() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.node(1).proposeConfChange(ConfChange.remove(1));
        c.stabilize();
        assertNotEquals(Role.LEADER, c.node(1).role());
        c.isolated.add(1L);
        c.tickAll(40);
        long leader = c.leader();
        assertTrue(leader == 2 || leader == 3, "leader " + leader);
        assertEquals(List.of(2L, 3L), c.member(leader).conf.voters());
    }

    @Test
    void followerForwardsAConfChangeToTheLeader() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        c.addEmpty(4);
        assertEquals(new ProposeResult.Forwarded(1), c.node(2).proposeConfChange(ConfChange.addLearner(4)));
        c.stabilize();
        assertEquals(List.of(4L), c.member(3).conf.learners());
    }

    @Test
    void confChangeCodecRoundTripsAndRejectsGarbage() {
        for (ConfChange cc : List.of(ConfChange.addVoter(7), ConfChange.addLearner(8), ConfChange.remove(9))) {
            assertEquals(cc, ConfChange.decode(cc.encode()));
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConfChange.decode(ketch.api.Bytes.of("nope")));
    }

    @Test
    void contextTravelsUntouchedWithTheChangeToEveryMember() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.addEmpty(4);
        ketch.api.Bytes context = ketch.api.Bytes.of("name=n4 peer=http://127.0.0.1:4");
        assertEquals(new ProposeResult.Forwarded(1), c.node(2).proposeConfChange(ConfChange.addLearner(4), context));
        c.stabilize();
        assertEquals(List.of(4L), c.member(3).conf.learners());
        for (long id : List.of(1L, 2L, 3L, 4L)) {
            ketch.api.raft.Entry change = c.member(id).committed.stream()
                    .filter(e -> e.type() == ketch.api.raft.Entry.Type.CONF_CHANGE && ConfChange.of(e).memberId() == 4)
                    .findFirst().orElseThrow();
            assertEquals(ConfChange.addLearner(4), ConfChange.of(change));
            assertEquals(context, ConfChange.context(change.data()), "member " + id);
        }
    }

    @Test
    void bootstrapEntriesCarryEachFoundingMembersContext() {
        RaftNode node = new RaftNode(RaftConfig.defaults(1), new MemoryRaftStorage(), ketch.api.env.RandomSource.seeded(1));
        node.bootstrap(ketch.api.raft.ConfState.ofVoters(List.of(1L, 2L)), java.util.Map.of(2L, ketch.api.Bytes.of("two")));
        List<ketch.api.raft.Entry> committed = node.ready().entries(); // committed too, but applied only once persisted
        assertEquals(2, committed.size());
        assertEquals(ketch.api.Bytes.EMPTY, ConfChange.context(committed.get(0).data()));
        assertEquals(ketch.api.Bytes.of("two"), ConfChange.context(committed.get(1).data()));
        assertEquals(ConfChange.addVoter(2), ConfChange.of(committed.get(1)));
    }

    @Test
    void contextCodecKeepsTheTenByteChangeInFront() {
        ConfChange cc = ConfChange.remove(9);
        ketch.api.Bytes data = cc.encode(ketch.api.Bytes.of("ctx"));
        assertEquals(ConfChange.ENCODED_BYTES + 3, data.size());
        assertEquals(cc, ConfChange.decode(data));
        assertEquals(ketch.api.Bytes.of("ctx"), ConfChange.context(data));
        assertEquals(ketch.api.Bytes.EMPTY, ConfChange.context(cc.encode()));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConfChange.context(ketch.api.Bytes.of("short")));
    }
}
