package ketch.raft;

import static ketch.raft.Fixture.log;
import static ketch.raft.Fixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import ketch.api.Bytes;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Entry;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.Message;
import ketch.api.raft.RequestVote;
import ketch.api.raft.VoteResponse;
import org.junit.jupiter.api.Test;

/** Unit tests that follow the Raft paper (Ongaro and Ousterhout, 2014) section by section. */
class RaftPaperTest {

    // ------------------------------------------------------------ §5.1 basics

    @Test
    void s5_1_membersStartAsFollowers() {
        Fixture f = Fixture.plain(1, 3);
        assertEquals(Role.FOLLOWER, f.node.role());
        assertEquals(0, f.node.leaderId());
    }

    @Test
    void s5_1_anyRoleAdoptsAHigherTermAndBecomesFollower() {
        for (Role start : List.of(Role.FOLLOWER, Role.CANDIDATE, Role.LEADER)) {
            Fixture f = Fixture.plain(1, 3);
            if (start == Role.CANDIDATE) f.tick(20);
            if (start == Role.LEADER) f.becomeLeader();
            f.drain();
            assertEquals(start, f.node.role());
            f.node.step(new AppendEntries(2, 1, 9, 0, 0, List.of(), 0));
            assertEquals(Role.FOLLOWER, f.node.role(), "from " + start);
            assertEquals(9, f.node.term());
            assertEquals(2, f.node.leaderId());
        }
    }

    @Test
    void s5_1_staleTermRequestIsRejectedWithOurTerm() {
        Fixture f = new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 5, 0, List.of());
        f.node.step(new AppendEntries(2, 1, 4, 0, 0, List.of(Entry.normal(1, 4, Bytes.of("x"))), 1));
        List<Message> out = f.drain();
        assertEquals(0, f.node.status().lastIndex(), "stale entries are not appended");
        AppendResponse r = only(out, AppendResponse.class).getFirst();
        assertEquals(5, r.term(), "the stale leader learns the newer term");
    }

    // ------------------------------------------------------------ §5.2 leader election

    @Test
    void s5_2_leaderSendsHeartbeatsEveryHeartbeatTimeout() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        f.tick(1);
        List<Heartbeat> beats = only(f.drain(), Heartbeat.class);
        assertEquals(Set.of(2L, 3L), Set.copyOf(beats.stream().map(Heartbeat::to).toList()));
    }

    @Test
    void s5_2_followerTimesOutStartsElectionAndVotesForItself() {
        Fixture f = Fixture.plain(1, 3);
        f.tick(20);
        assertEquals(Role.CANDIDATE, f.node.role());
        assertEquals(1, f.node.term());
        assertEquals(1, f.node.status().vote());
        List<RequestVote> rvs = only(f.drain(), RequestVote.class);
        assertEquals(2, rvs.size());
        for (RequestVote rv : rvs) assertEquals(1, rv.term());
    }

    @Test
    void s5_2_candidateWinsWithMajorityLosesWithMajorityRejectsWaitsOtherwise() {
        record Case(int n, List<Boolean> otherVotes, Role expected) {}
        List<Case> cases = List.of(
                new Case(1, List.of(), Role.LEADER),
                new Case(3, List.of(true), Role.LEADER),
                new Case(3, List.of(false), Role.CANDIDATE),
                new Case(3, List.of(false, false), Role.FOLLOWER),
                new Case(5, List.of(true, true), Role.LEADER),
                new Case(5, List.of(true, false, false), Role.CANDIDATE),
                new Case(5, List.of(false, false, false), Role.FOLLOWER));
        for (Case c : cases) {
            Fixture f = Fixture.plain(1, c.n());
            f.tick(20);
            f.drain();
            for (int i = 0; i < c.otherVotes().size(); i++) {
                f.node.step(new VoteResponse(i + 2, 1, 1, false, c.otherVotes().get(i)));
            }
            assertEquals(c.expected(), f.node.role(), c.toString());
        }
    }

    @Test
    void s5_2_followerVotesForAtMostOneCandidatePerTerm() {
        Fixture f = Fixture.plain(1, 3);
        f.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        f.node.step(new RequestVote(3, 1, 1, 0, 0, false, false));
        f.node.step(new RequestVote(2, 1, 1, 0, 0, false, false));
        List<VoteResponse> votes = only(f.drain(), VoteResponse.class);
        assertEquals(List.of(true, false, true), votes.stream().map(VoteResponse::granted).toList());
        assertEquals(2, f.storage.hardState().vote(), "the vote is in the durable hard state");
    }

    @Test
    void s5_2_candidateStepsDownForALeaderOfItsTerm() {
        Fixture f = Fixture.plain(1, 3);
        f.tick(20);
        f.drain();
        f.node.step(new AppendEntries(2, 1, 1, 0, 0, List.of(), 0));
        assertEquals(Role.FOLLOWER, f.node.role());
        assertEquals(2, f.node.leaderId());
    }

    @Test
    void s5_2_electionTimeoutIsRandomizedBetweenOneAndTwoTimeouts() {
        Set<Integer> seen = new HashSet<>();
        for (long seed = 1; seed <= 200; seed++) {
            RaftNode n = new RaftNode(Fixture.noPreVote(1), storageWith3Voters(), ketch.api.env.RandomSource.seeded(seed));
            int ticks = 0;
            while (n.role() == Role.FOLLOWER) {
                n.tick();
                ticks++;
            }
            assertTrue(ticks >= 10 && ticks < 20, "timeout " + ticks);
            seen.add(ticks);
        }
        assertTrue(seen.size() >= 8, "timeouts spread over the range, saw " + seen);
    }

    private static MemoryRaftStorage storageWith3Voters() {
        return new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 0, 0, List.of()).storage;
    }

    // ------------------------------------------------------------ §5.3 log replication

    @Test
    void s5_3_leaderReplicatesANewEntryToEveryFollower() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        // followers acknowledge the leader's empty entry, which moves them to replicate state
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0));
        f.node.step(new AppendResponse(3, 1, 1, 1, false, 0, 0));
        f.drain();
        f.node.propose(List.of(Bytes.of("x")));
        List<AppendEntries> apps = only(f.drain(), AppendEntries.class);
        assertEquals(2, apps.size());
        for (AppendEntries a : apps) {
            assertEquals(1, a.prevIndex());
            assertEquals(1, a.prevTerm());
            assertEquals(List.of(new Entry(2, 1, Entry.Type.NORMAL, Bytes.of("x"))), a.entries());
            assertEquals(1, a.commit());
        }
    }

    @Test
    void s5_3_leaderCommitsOnceAMajorityStoresTheEntryAndTellsFollowers() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0));
        f.drain();
        assertEquals(1, f.node.status().commit(), "own durable copy + member 2");
        f.node.propose(List.of(Bytes.of("x")));
        f.drain();
        assertEquals(1, f.node.status().commit(), "not yet on a majority");
        f.node.step(new AppendResponse(3, 1, 1, 2, false, 0, 0));
        List<AppendEntries> apps = only(f.drain(), AppendEntries.class);
        assertEquals(2, f.node.status().commit());
        assertTrue(apps.stream().allMatch(a -> a.commit() == 2), "followers learn the new commit index");
        assertEquals(Bytes.of("x"), f.committed.getLast().data());
    }

    @Test
    void s5_3_commitAlsoCommitsEveryPrecedingEntry() {
        Fixture f = new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 2, 0, log(1, 2, 2));
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 3, 4, false, 0, 0));
        f.drain();
        assertEquals(4, f.node.status().commit());
        assertEquals(List.of(1L, 2L, 3L, 4L), f.committed.stream().map(Entry::index).toList());
    }

    @Test
    void s5_3_followerCommitsWhatTheLeaderReportsCommitted() {
        Fixture f = Fixture.plain(2, 3);
        f.node.step(new AppendEntries(1, 2, 1, 0, 0, log(1, 1, 1), 2));
        f.drain();
        assertEquals(2, f.node.status().commit());
        assertEquals(2, f.committed.size());
    }

    @Test
    void s5_3_followerRejectsAppendWhoseLogDoesNotMatchAndHintsWhereToRetry() {
        // follower log terms: 1 1 2 2 2 ; leader asks to append after (index 5, term 3)
        Fixture f = new Fixture(Fixture.noPreVote(2), Fixture.ids(3), 3, 0, log(1, 1, 2, 2, 2));
        f.node.step(new AppendEntries(1, 2, 3, 5, 3, List.of(), 0));
        AppendResponse r = only(f.drain(), AppendResponse.class).getFirst();
        assertTrue(r.reject());
        assertEquals(5, r.index());
        assertEquals(5, r.rejectHint(), "the last index whose term (2) is <= 3");
        assertEquals(2, r.rejectHintTerm());
        // beyond the end: leader asks after (7, 3); hint points at our last index
        f.node.step(new AppendEntries(1, 2, 3, 7, 3, List.of(), 0));
        AppendResponse r2 = only(f.drain(), AppendResponse.class).getFirst();
        assertTrue(r2.reject());
        assertEquals(5, r2.rejectHint());
    }

    @Test
    void s5_3_followerDeletesAConflictingSuffixAndAppends() {
        Fixture f = new Fixture(Fixture.noPreVote(2), Fixture.ids(3), 3, 0, log(1, 2, 2));
        f.node.step(new AppendEntries(1, 2, 3, 1, 1, List.of(Entry.normal(2, 3, Bytes.of("n2"))), 0));
        f.drain();
        assertEquals(2, f.storage.lastIndex());
        assertEquals(3, f.storage.term(2));
        // entries that already match are kept and nothing is truncated by a stale, shorter append
        f.node.step(new AppendEntries(1, 2, 3, 0, 0, List.of(Entry.normal(1, 1, Bytes.of("e1"))), 0));
        f.drain();
        assertEquals(2, f.storage.lastIndex());
    }

    @Test
    void s5_3_leaderBringsDivergentFollowerLogsInLine_Figure7() {
        // leader (term 8) log from Figure 7; followers (a)-(f) of that figure, 3 at a time
        long[] leader = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};
        long[][] followers = {
            {1, 1, 1, 4, 4, 5, 5, 6, 6}, // (a)
            {1, 1, 1, 4}, // (b)
            {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}, // (c)
            {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, // (d)
            {1, 1, 1, 4, 4, 4, 4}, // (e)
            {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, // (f)
        };
        for (long[] follower : followers) {
            Cluster c = Cluster.withLogs(Fixture.noPreVote(1), 8,
                    java.util.Map.of(1L, log(leader), 2L, log(follower), 3L, log(leader)));
            c.elect(1);
            c.propose(1, "new");
            c.stabilize();
            assertEquals(c.member(1).storage.lastIndex(), c.member(2).storage.lastIndex());
            for (long i = 1; i <= c.member(1).storage.lastIndex(); i++) {
                assertEquals(c.member(1).storage.term(i), c.member(2).storage.term(i), "index " + i);
            }
        }
    }

    // ------------------------------------------------------------ §5.4 safety

    @Test
    void s5_4_1_voterRejectsCandidatesWithLessUpToDateLogs() {
        record Case(long lastIndex, long lastTerm, boolean granted) {}
        // voter log terms 1 1 2 (last index 3, last term 2)
        List<Case> cases = List.of(
                new Case(3, 2, true), new Case(4, 2, true), new Case(2, 2, false),
                new Case(1, 3, true), new Case(9, 1, false));
        for (Case c : cases) {
            Fixture f = new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 2, 0, log(1, 1, 2));
            f.node.step(new RequestVote(2, 1, 3, c.lastIndex(), c.lastTerm(), false, false));
            VoteResponse r = only(f.drain(), VoteResponse.class).getFirst();
            assertEquals(c.granted(), r.granted(), c.toString());
        }
    }

    @Test
    void s5_4_1_candidateAsksWithItsLastIndexAndTerm() {
        Fixture f = new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 2, 0, log(1, 1, 2));
        f.tick(20);
        for (RequestVote rv : only(f.drain(), RequestVote.class)) {
            assertEquals(3, rv.lastIndex());
            assertEquals(2, rv.lastTerm());
        }
    }

    @Test
    void s5_4_1_leaderCompleteness_aMemberMissingACommittedEntryCannotWin() {
        // pre-vote on: without it, 3's futile elections would push its term far ahead
        Cluster c = Cluster.withLogs(RaftConfig.defaults(1), 1, java.util.Map.of(1L, log(), 2L, log(), 3L, log()));
        c.elect(1);
        c.drop = m -> m.to() == 3 || m.from() == 3;
        c.propose(1, "committed-on-1-and-2");
        c.stabilize();
        assertEquals(List.of("committed-on-1-and-2"), c.applied(2));
        c.drop = m -> false;
        c.isolated.add(1L);
        // 3 lacks the committed entry: 2 refuses it, so 3 cannot get a majority
        c.tick(3, 200);
        c.stabilize();
        assertNotEquals(Role.LEADER, c.node(3).role());
        c.elect(2);
        assertEquals(List.of("committed-on-1-and-2"), c.applied(3));
    }

    @Test
    void s5_4_2_leaderCommitsAPreviousTermEntryOnlyThroughAnEntryOfItsOwnTerm_Figure8() {
        // leader of term 3 holds an index-2 entry from term 2 that a majority now stores
        Fixture f = new Fixture(Fixture.noPreVote(1), Fixture.ids(3), 2, 0, log(1, 2));
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 3, 2, false, 0, 0));
        f.drain();
        assertEquals(0, f.node.status().commit(), "index 2 (term 2) is on a majority but must not be committed by counting");
        f.node.step(new AppendResponse(2, 1, 3, 3, false, 0, 0));
        f.drain();
        assertEquals(3, f.node.status().commit(), "committing index 3 (term 3) commits index 2 with it");
    }

    @Test
    void plantedBug_commitPreviousTermByCounting_commitsTheOldEntryAtOnce() {
        RaftConfig buggy = Fixture.noPreVote(1).withPlantedBugs(java.util.EnumSet.of(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING));
        Fixture f = new Fixture(buggy, Fixture.ids(3), 2, 0, log(1, 2));
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 3, 2, false, 0, 0));
        f.drain();
        assertEquals(2, f.node.status().commit(), "the planted bug commits the term-2 entry by counting");
        assertFalse(f.committed.isEmpty());
    }
}
