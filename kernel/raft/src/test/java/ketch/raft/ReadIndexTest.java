package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.Message;
import org.junit.jupiter.api.Test;

/** Linearizable reads by ReadIndex (thesis §6.4), batched by heartbeat rounds. */
class ReadIndexTest {

    @Test
    void leaderAnswersOnlyAfterAQuorumConfirmsLeadership() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(1, "x");
        c.stabilize();
        long commit = c.node(1).status().commit();
        c.node(1).readIndex(7);
        c.processAll();
        assertTrue(c.member(1).reads.isEmpty(), "not before the heartbeat round");
        c.stabilize();
        assertEquals(List.of(ReadState.ready(7, commit)), c.member(1).reads);
    }

    @Test
    void readsWaitingAtTheSameMomentShareOneHeartbeatRound() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        c.delivered.clear();
        c.node(1).readIndex(1);
        c.node(1).readIndex(2); // round 1 is in flight: this one waits for round 2
        c.node(1).readIndex(3); // shares round 2
        c.stabilize();
        assertEquals(List.of(1L, 2L, 3L), c.member(1).reads.stream().map(ReadState::requestId).toList());
        assertTrue(c.member(1).reads.stream().allMatch(ReadState::isReady));
        long rounds = c.delivered.stream().filter(m -> m instanceof Heartbeat h && h.readRound() > 0)
                .map(m -> ((Heartbeat) m).readRound()).distinct().count();
        assertEquals(2, rounds, "three reads, two rounds");
        long heartbeats = c.delivered.stream().filter(m -> m instanceof Heartbeat).count();
        assertEquals(4, heartbeats, "two rounds to two followers");
    }

    @Test
    void followerGetsAReadIndexFromTheLeader() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(1, "x");
        c.stabilize();
        c.node(2).readIndex(99);
        c.stabilize();
        assertEquals(List.of(ReadState.ready(99, c.node(1).status().commit())), c.member(2).reads);
    }

    @Test
    void withoutALeaderTheReadFailsVisibly() {
        Cluster c = Cluster.of(3);
        c.node(2).readIndex(5);
        c.processAll();
        assertEquals(List.of(ReadState.failed(5, ReadState.Outcome.NO_LEADER)), c.member(2).reads);
    }

    @Test
    void forwardedReadThatGetsNoAnswerTimesOut() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolated.add(1L);
        c.node(2).readIndex(5);
        c.tick(2, 20);
        assertEquals(List.of(ReadState.failed(5, ReadState.Outcome.TIMEOUT)), c.member(2).reads);
    }

    @Test
    void newLeaderWaitsForAnEntryOfItsTermToCommitBeforeServingReads() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.drain();
        f.node.readIndex(1);
        List<Message> out = f.drain();
        assertTrue(out.stream().noneMatch(m -> m instanceof Heartbeat h && h.readRound() > 0), "no round yet");
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0)); // commits the election entry
        out = f.drain();
        List<Heartbeat> round = Fixture.only(out, Heartbeat.class);
        assertEquals(2, round.size());
        f.node.step(new HeartbeatResponse(2, 1, 1, round.getFirst().readRound()));
        f.drain();
        assertEquals(List.of(ReadState.ready(1, 1)), f.reads);
    }

    @Test
    void aDeposedLeaderFailsItsWaitingReads() {
        Fixture f = Fixture.plain(1, 3);
        f.becomeLeader();
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0));
        f.drain();
        f.node.readIndex(1);
        f.drain();
        f.node.step(new AppendEntries(2, 1, 5, 0, 0, List.of(), 0));
        f.drain();
        assertEquals(List.of(ReadState.failed(1, ReadState.Outcome.NOT_LEADER)), f.reads);
    }

    @Test
    void plantedBug_readWithoutReadIndex_answersAtOnceEvenWhenCutOff() {
        RaftConfig buggy = RaftConfig.defaults(1).withPlantedBugs(EnumSet.of(PlantedBug.READ_WITHOUT_READ_INDEX));
        Cluster c = new Cluster(buggy, 1, 2, 3);
        c.elect(1);
        c.isolated.add(1L);
        c.node(1).readIndex(3);
        c.processAll();
        assertEquals(List.of(ReadState.ready(3, c.node(1).status().commit())), c.member(1).reads,
                "answered with no confirmation from anyone");

        Cluster correct = Cluster.of(3);
        correct.elect(1);
        correct.isolated.add(1L);
        correct.node(1).readIndex(3);
        correct.stabilize();
        assertTrue(correct.member(1).reads.isEmpty(), "the correct leader cannot confirm and does not answer");
    }
}
