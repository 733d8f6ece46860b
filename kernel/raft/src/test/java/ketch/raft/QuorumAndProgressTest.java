package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure pieces: majority arithmetic, the inflight window, progress state transitions. */
class QuorumAndProgressTest {

    @Test
    void committedIndexIsTheValueAMajorityHasReached() {
        Map<Long, Long> match = Map.of(1L, 5L, 2L, 3L, 3L, 9L, 4L, 1L, 5L, 7L);
        assertEquals(5, Majority.committedIndex(List.of(1L, 2L, 3L, 4L, 5L), match::get));
        assertEquals(3, Majority.committedIndex(List.of(1L, 2L, 4L), match::get));
        assertEquals(3, Majority.committedIndex(List.of(1L, 2L, 3L, 4L), match::get), "4 voters need 3");
        assertEquals(9, Majority.committedIndex(List.of(3L), match::get));
        assertEquals(Long.MAX_VALUE, Majority.committedIndex(List.of(), match::get));
    }

    @Test
    void voteResultNeedsAMajorityEitherWay() {
        List<Long> five = List.of(1L, 2L, 3L, 4L, 5L);
        assertEquals(Majority.VoteResult.PENDING, Majority.voteResult(five, Map.of(1L, true, 2L, true)));
        assertEquals(Majority.VoteResult.WON, Majority.voteResult(five, Map.of(1L, true, 2L, true, 5L, true)));
        assertEquals(Majority.VoteResult.LOST, Majority.voteResult(five, Map.of(1L, true, 2L, false, 3L, false, 4L, false)));
        assertEquals(Majority.VoteResult.PENDING, Majority.voteResult(five, Map.of(9L, true, 8L, true, 7L, true)),
                "votes of non-voters do not count");
    }

    @Test
    void inflightsAreBoundedByCountAndBytesAndFreedByAcknowledgement() {
        Inflights in = new Inflights(3, 1000);
        in.add(5, 100);
        in.add(7, 100);
        assertFalse(in.full());
        in.add(9, 100);
        assertTrue(in.full());
        in.freeLE(7);
        assertEquals(1, in.count());
        assertEquals(100, in.bytes());
        in.add(12, 950);
        assertTrue(in.full(), "over the byte limit");
        in.freeFirst();
        in.freeFirst();
        assertEquals(0, in.count());
        for (int i = 0; i < 10; i++) { // wraps around the ring
            in.add(20 + i, 1);
            in.freeLE(20 + i);
        }
        assertEquals(0, in.bytes());
    }

    @Test
    void progressProbesThenReplicatesAndBacksOff() {
        Progress pr = new Progress(11, 4, 1 << 20, false);
        assertEquals(Progress.State.PROBE, pr.state);
        pr.probeSent = true;
        assertTrue(pr.isPaused());
        assertFalse(pr.maybeDecrTo(5, 3), "stale rejection of an append we did not send");
        assertTrue(pr.maybeDecrTo(10, 6));
        assertEquals(7, pr.next, "jumps straight past the hinted match");
        assertTrue(pr.maybeUpdate(7));
        pr.becomeReplicate();
        assertEquals(8, pr.next);
        assertFalse(pr.maybeDecrTo(7, 0), "rejection at or below match is stale in replicate state");
        assertTrue(pr.maybeDecrTo(9, 0));
        assertEquals(8, pr.next);
    }
}
