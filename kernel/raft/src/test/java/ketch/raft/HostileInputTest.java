package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import ketch.api.Bytes;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.Message;
import ketch.api.raft.Propose;
import ketch.api.raft.ReadIndexRequest;
import ketch.api.raft.ReadIndexResponse;
import ketch.api.raft.RequestVote;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.SnapshotResponse;
import ketch.api.raft.TimeoutNow;
import ketch.api.raft.VoteResponse;
import org.junit.jupiter.api.Test;

/** Any well-formed message, however nonsensical, is handled or ignored: step never throws. */
class HostileInputTest {

    @Test
    void randomWellFormedMessagesNeverMakeStepThrow() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            Fixture f = new Fixture(RaftConfig.defaults(1), Fixture.ids(3), 2, 0, Fixture.log(1, 1, 2, 2));
            if (trial % 3 == 0) f.becomeLeader();
            for (int i = 0; i < 200; i++) {
                Message m = randomMessage(random);
                try {
                    f.node.step(m);
                    f.drain();
                    if (random.nextInt(10) == 0) f.node.tick();
                } catch (RuntimeException e) {
                    throw new AssertionError("step threw on " + m + " in " + f.node.status(), e);
                }
            }
            assertTrue(f.node.status().commit() <= f.node.status().lastIndex());
        }
    }

    private static Message randomMessage(SplittableRandom r) {
        long from = 2 + r.nextInt(3); // includes a stranger (4)
        long term = r.nextInt(6);
        long a = r.nextInt(12);
        long b = r.nextInt(6);
        return switch (r.nextInt(12)) {
            case 0 -> new AppendEntries(from, 1, term, a, b, entries(r, a + (r.nextInt(4) == 0 ? 3 : 1)), r.nextInt(14));
            case 1 -> new AppendResponse(from, 1, term, r.nextInt(20), r.nextBoolean(), r.nextInt(20), r.nextInt(6));
            case 2 -> new RequestVote(from, 1, term, a, b, r.nextBoolean(), r.nextBoolean());
            case 3 -> new VoteResponse(from, 1, term, r.nextBoolean(), r.nextBoolean());
            case 4 -> new Heartbeat(from, 1, term, r.nextInt(20), r.nextInt(4));
            case 5 -> new HeartbeatResponse(from, 1, term, r.nextInt(4));
            case 6 -> new InstallSnapshot(from, 1, term,
                    new SnapshotMetadata(a, b, r.nextBoolean() ? ConfState.ofVoters(List.of(1L, 2L, 3L)) : ConfState.EMPTY),
                    r.nextInt(3) == 0 ? 0 : r.nextInt(100), Bytes.of("chunk"), r.nextBoolean());
            case 7 -> new SnapshotResponse(from, 1, term, a, r.nextInt(1000), r.nextBoolean());
            case 8 -> new TimeoutNow(from, 1, term);
            case 9 -> new Propose(from, 1, term, r.nextBoolean() ? Entry.Type.NORMAL : Entry.Type.CONF_CHANGE,
                    List.of(Bytes.of("junk")));
            case 10 -> new ReadIndexRequest(from, 1, term, r.nextLong());
            default -> new ReadIndexResponse(from, 1, term, r.nextLong(), a, r.nextBoolean());
        };
    }

    private static List<Entry> entries(SplittableRandom r, long first) {
        List<Entry> out = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) out.add(Entry.normal(first + i, 1 + r.nextInt(5), Bytes.of("x")));
        return out;
    }
}
