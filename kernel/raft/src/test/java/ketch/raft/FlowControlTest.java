package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Entry;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.Message;
import org.junit.jupiter.api.Test;

/** Pipelining, the inflight window (messages and bytes), batching and fast back-off. */
class FlowControlTest {

    /** A 2-member leader whose follower 2 already acknowledged the election entry (replicate state). */
    private static Fixture replicatingLeader(RaftConfig config) {
        Fixture f = new Fixture(config.withPreVote(false), Fixture.ids(2), 0, 0, List.of());
        f.becomeLeader();
        f.drain();
        f.node.step(new AppendResponse(2, 1, 1, 1, false, 0, 0));
        f.drain();
        return f;
    }

    private static List<AppendEntries> appendsTo2(List<Message> out) {
        return Fixture.only(out, AppendEntries.class).stream().filter(a -> a.to() == 2 && !a.entries().isEmpty()).toList();
    }

    @Test
    void replicateStateSendsOptimisticallyUpToTheMessageWindow() {
        Fixture f = replicatingLeader(RaftConfig.defaults(1).withFlowControl(3, 1 << 20, 1 << 20));
        List<AppendEntries> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            f.node.propose(List.of(Bytes.of("p" + i)));
            sent.addAll(appendsTo2(f.drain()));
        }
        assertEquals(3, sent.size(), "window of 3 messages, no acks yet");
        assertEquals(List.of(2L, 3L, 4L), sent.stream().map(a -> a.entries().getFirst().index()).toList(),
                "each message continues where the previous one ended (pipelining)");
        f.node.step(new AppendResponse(2, 1, 1, 3, false, 0, 0)); // frees two slots
        List<AppendEntries> more = appendsTo2(f.drain());
        assertEquals(1, more.size(), "the backlog goes out batched in one message");
        assertEquals(List.of(5L, 6L), more.getFirst().entries().stream().map(Entry::index).toList());
    }

    @Test
    void byteWindowBoundsInflightData() {
        // each entry is 100 bytes of payload + header; window 250 bytes
        Fixture f = replicatingLeader(RaftConfig.defaults(1).withFlowControl(100, 250, 1 << 20));
        Bytes big = Bytes.wrap(new byte[100]);
        int sent = 0;
        for (int i = 0; i < 6; i++) {
            f.node.propose(List.of(big));
            sent += appendsTo2(f.drain()).size();
        }
        assertEquals(3, sent, "the third message crosses 250 bytes, then the window is full");
    }

    @Test
    void maxSizePerMsgSplitsABacklogAcrossMessages() {
        Fixture f = replicatingLeader(RaftConfig.defaults(1).withFlowControl(100, 1 << 20, 300));
        f.node.propose(List.of(Bytes.wrap(new byte[100]), Bytes.wrap(new byte[100]), Bytes.wrap(new byte[100]),
                Bytes.wrap(new byte[100]), Bytes.wrap(new byte[100])));
        List<AppendEntries> sent = appendsTo2(f.drain());
        assertEquals(List.of(2, 2, 1), sent.stream().map(a -> a.entries().size()).toList());
    }

    @Test
    void manyProposalsInOneCallTravelInOneMessage() {
        Fixture f = replicatingLeader(RaftConfig.defaults(1));
        List<Bytes> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) batch.add(Bytes.of("cmd" + i));
        f.node.propose(batch);
        List<AppendEntries> sent = appendsTo2(f.drain());
        assertEquals(1, sent.size());
        assertEquals(100, sent.getFirst().entries().size());
    }

    @Test
    void heartbeatResponseFreesAWindowSlotSoLostAppendsCannotStallReplication() {
        Fixture f = replicatingLeader(RaftConfig.defaults(1).withFlowControl(1, 1 << 20, 1 << 20));
        f.node.propose(List.of(Bytes.of("lost")));
        assertEquals(1, appendsTo2(f.drain()).size());
        f.node.propose(List.of(Bytes.of("queued")));
        assertEquals(0, appendsTo2(f.drain()).size(), "window full");
        f.node.step(new HeartbeatResponse(2, 1, 1, 0));
        assertEquals(1, appendsTo2(f.drain()).size(), "a slot was freed and the backlog sent");
    }

    @Test
    void fastBackOffSkipsAWholeDivergentTermPerRoundTrip() {
        // follower 2 holds 30 entries of stale term 2 the leader never had
        long[] leaderTerms = {1, 1, 1};
        long[] followerTerms = new long[33];
        java.util.Arrays.fill(followerTerms, 2);
        followerTerms[0] = followerTerms[1] = followerTerms[2] = 1;
        Cluster c = Cluster.withLogs(RaftConfig.defaults(1), 3, java.util.Map.of(
                1L, Fixture.log(leaderTerms), 2L, Fixture.log(followerTerms), 3L, Fixture.log(leaderTerms)));
        c.isolated.add(2L);
        c.elect(1);
        c.isolated.clear();
        c.delivered.clear();
        c.propose(1, "x");
        c.tickAll(3); // the heartbeat response resumes the probe lost while 2 was cut off
        long rejections = c.delivered.stream().filter(m -> m instanceof AppendResponse a && a.reject() && a.from() == 2).count();
        assertTrue(rejections <= 2, "rejections " + rejections);
        assertEquals(c.member(1).storage.lastIndex(), c.member(2).storage.lastIndex());
        assertEquals(List.of("e1", "e2", "e3", "x"), c.applied(2));
    }

    @Test
    void uncommittedBytesAreBoundedWhenConfigured() {
        Fixture f = replicatingLeader(RaftConfig.defaults(1).withMaxUncommittedBytes(150));
        assertTrue(f.node.propose(List.of(Bytes.wrap(new byte[100]))).isAccepted());
        assertEquals(new ProposeResult.Refused(ProposeResult.Reason.TOO_MANY_UNCOMMITTED),
                f.node.propose(List.of(Bytes.wrap(new byte[100]))));
        f.drain();
        f.node.step(new AppendResponse(2, 1, 1, 2, false, 0, 0)); // commits index 2
        f.drain();
        assertTrue(f.node.propose(List.of(Bytes.wrap(new byte[100]))).isAccepted(), "room again after commit");
    }
}
