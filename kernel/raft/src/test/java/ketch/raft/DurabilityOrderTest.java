package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.RequestVote;
import ketch.api.raft.VoteResponse;
import org.junit.jupiter.api.Test;

/** The Ready contract: what may leave before persistence and what must wait for it. */
class DurabilityOrderTest {

    @Test
    void voteResponseWaitsForTheVoteToBeDurable() {
        Fixture f = Fixture.plain(1, 3);
        f.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        Ready rd = f.node.ready();
        assertEquals(2, rd.hardState().orElseThrow().vote());
        assertTrue(rd.messages().isEmpty());
        assertEquals(1, Fixture.only(rd.messagesAfterPersist(), VoteResponse.class).size());
    }

    @Test
    void candidateSendsVoteRequestsOnlyAfterItsTermAndSelfVoteAreDurable() {
        Fixture f = Fixture.plain(1, 3);
        f.tick(20);
        Ready rd = f.node.ready();
        assertEquals(1, rd.hardState().orElseThrow().term());
        assertEquals(1, rd.hardState().orElseThrow().vote());
        assertEquals(2, Fixture.only(rd.messagesAfterPersist(), RequestVote.class).size());
        assertTrue(Fixture.only(rd.messages(), RequestVote.class).isEmpty());
    }

    @Test
    void followerAcknowledgesAppendsOnlyAfterPersisting() {
        Fixture f = Fixture.plain(2, 3);
        f.node.step(new AppendEntries(1, 2, 1, 0, 0, Fixture.log(1), 0));
        Ready rd = f.node.ready();
        assertEquals(1, rd.entries().size());
        assertEquals(1, Fixture.only(rd.messagesAfterPersist(), AppendResponse.class).size());
        assertTrue(rd.messages().isEmpty());
    }

    @Test
    void aVoteOrNewEntriesNeedASyncButACommitIndexAloneDoesNot() {
        Fixture vote = Fixture.plain(1, 3);
        vote.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        assertTrue(vote.node.ready().mustSync(), "a vote must be durable before it is granted");

        Fixture f = Fixture.plain(2, 3);
        f.node.step(new AppendEntries(1, 2, 1, 0, 0, Fixture.log(1, 1), 0));
        Ready entries = f.node.ready();
        assertTrue(entries.mustSync(), "new entries (and the new term) must be durable before the ack");
        f.drain();

        f.node.step(new AppendEntries(1, 2, 1, 2, 1, List.of(), 2));
        Ready commitOnly = f.node.ready();
        assertEquals(2, commitOnly.hardState().orElseThrow().commit(), "the commit index is still handed out to be written");
        assertEquals(1, Fixture.only(commitOnly.messagesAfterPersist(), AppendResponse.class).size());
        assertFalse(commitOnly.mustSync(), "but needs no sync of its own: Raft learns a lost commit index again");
    }

    @Test
    void leaderSendsAppendsInParallelWithItsOwnWrite() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0));
        f.node.step(new AppendResponse(3, 1, 1, 1, false, 0, 0));
        f.drain();
        f.node.propose(List.of(Bytes.of("x")));
        Ready rd = f.node.ready();
        assertEquals(1, rd.entries().size(), "to persist");
        assertEquals(2, Fixture.only(rd.messages(), AppendEntries.class).size(), "and already on the wire");
    }

    @Test
    void newLeaderSendsItsFirstAppendsWithoutWaitingForItsOwnWrite() {
        Fixture f = Fixture.plain(1, 3);
        f.tick(20);
        for (ketch.api.raft.Message m : f.drain()) {
            if (m instanceof RequestVote rv) f.node.step(new VoteResponse(rv.to(), 1, rv.term(), false, true));
        }
        assertEquals(Role.LEADER, f.node.role());
        Ready rd = f.node.ready();
        assertEquals(1, rd.entries().size(), "the term's empty entry, not yet durable");
        assertEquals(2, Fixture.only(rd.messages(), AppendEntries.class).size(),
                "the term is durable already: voters granted only after our vote requests left after persisting");
    }

    @Test
    void loneVoterHoldsItsMessagesUntilItsSelfElectedTermIsDurable() {
        // voter 1 with learner 2: 1 elects itself without asking anyone
        MemoryRaftStorage storage = new MemoryRaftStorage();
        storage.applySnapshot(new ketch.api.raft.SnapshotMetadata(0, 0,
                new ketch.api.raft.ConfState(List.of(1L), List.of(2L), List.of(), List.of())));
        RaftNode n = new RaftNode(Fixture.noPreVote(1), storage, ketch.api.env.RandomSource.seeded(1));
        for (int i = 0; i < 20 && n.role() != Role.LEADER; i++) n.tick();
        Ready rd = n.ready();
        assertEquals(1, rd.hardState().orElseThrow().term());
        assertTrue(Fixture.only(rd.messages(), AppendEntries.class).isEmpty(), "nothing carries term 1 before it is durable");
        assertEquals(1, Fixture.only(rd.messagesAfterPersist(), AppendEntries.class).size());
        n.advance(rd);
        storage.persist(rd);
        n.persisted(rd.entries().getLast().index(), rd.entries().getLast().term());
        n.tick();
        assertEquals(1, Fixture.only(n.ready().messages(), ketch.api.raft.Heartbeat.class).size(),
                "afterwards leader messages go out at once");
    }

    @Test
    void committedEntriesAreHandedOutOnlyOnceLocallyDurable() {
        Fixture f = Fixture.plain(2, 3);
        f.node.step(new AppendEntries(1, 2, 1, 0, 0, Fixture.log(1, 1), 2));
        Ready rd = f.node.ready();
        assertTrue(rd.committedEntries().isEmpty(), "committed but not yet persisted here");
        f.node.advance(rd);
        f.storage.persist(rd);
        f.node.persisted(2, 1);
        assertEquals(2, f.node.ready().committedEntries().size());
    }

    @Test
    void plantedBug_skipVotePersistence_sendsTheVoteAtOnceAndLeavesItOutOfTheHardState() {
        RaftConfig buggy = Fixture.noPreVote(1).withPlantedBugs(EnumSet.of(PlantedBug.SKIP_VOTE_PERSISTENCE));
        Fixture f = new Fixture(buggy, Fixture.ids(3), 0, 0, List.of());
        f.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        Ready rd = f.node.ready();
        assertEquals(1, Fixture.only(rd.messages(), VoteResponse.class).size(), "sent before persisting");
        assertEquals(0, rd.hardState().orElseThrow().vote(), "and the vote is never made durable");
        f.node.advance(rd);
        f.storage.persist(rd);
        // after a restart the member has forgotten its vote and grants another candidate in the same term
        RaftNode restarted = new RaftNode(buggy, f.storage, ketch.api.env.RandomSource.seeded(1));
        restarted.step(new RequestVote(3, 1, 1, 0, 0, false, false));
        VoteResponse second = Fixture.only(restarted.ready().messages(), VoteResponse.class).getFirst();
        assertTrue(second.granted(), "double vote in term 1");
    }

    @Test
    void withoutTheBugARestartedMemberRemembersItsVote() {
        Fixture f = Fixture.plain(1, 3);
        f.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        f.drain();
        RaftNode restarted = new RaftNode(Fixture.noPreVote(1), f.storage, ketch.api.env.RandomSource.seeded(1));
        restarted.step(new RequestVote(3, 1, 1, 0, 0, false, false));
        VoteResponse second = Fixture.only(restarted.ready().messagesAfterPersist(), VoteResponse.class).getFirst();
        assertTrue(!second.granted());
    }
}
