package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Message;
import ketch.api.raft.VoteResponse;
import org.junit.jupiter.api.Test;

/** Acknowledgements released by one sync: the highest success per leader and term stands for the lower ones. */
class AcknowledgementsTest {
    private static AppendResponse ack(long from, long to, long term, long index) {
        return new AppendResponse(from, to, term, index, false, 0, 0);
    }

    private static AppendResponse reject(long from, long to, long term, long index) {
        return new AppendResponse(from, to, term, index, true, index - 1, term);
    }

    @Test
    void keepsOnlyTheLastOfSuccessiveAcknowledgementsToOneLeader() {
        List<Message> out = Acknowledgements.coalesce(List.of(ack(2, 1, 3, 10), ack(2, 1, 3, 12), ack(2, 1, 3, 15)));
        assertEquals(List.of(ack(2, 1, 3, 15)), out);
    }

    @Test
    void keepsRejectionsOtherMessagesAndOrder() {
        VoteResponse vote = new VoteResponse(2, 3, 4, false, true);
        List<Message> in = List.of(ack(2, 1, 3, 10), reject(2, 1, 3, 11), vote, ack(2, 1, 3, 12));
        assertEquals(List.of(reject(2, 1, 3, 11), vote, ack(2, 1, 3, 12)), Acknowledgements.coalesce(in));
    }

    @Test
    void termsAndReceiversAreKeptApart() {
        List<Message> in = List.of(ack(2, 1, 3, 10), ack(2, 1, 4, 10), ack(2, 3, 4, 9), ack(2, 1, 4, 11));
        assertEquals(List.of(ack(2, 1, 3, 10), ack(2, 3, 4, 9), ack(2, 1, 4, 11)), Acknowledgements.coalesce(in));
    }

    @Test
    void aLowerAcknowledgementAfterAHigherOneSupersedesNothing() {
        // a duplicate of an old append answered late: both leave, the leader ignores the stale one
        List<Message> in = List.of(ack(2, 1, 3, 15), ack(2, 1, 3, 12));
        assertEquals(in, Acknowledgements.coalesce(in));
    }

    @Test
    void aSingleAcknowledgementIsReturnedAsItIs() {
        List<Message> in = List.of(ack(2, 1, 3, 10), reject(2, 1, 3, 11));
        assertSame(in, Acknowledgements.coalesce(in));
    }
}
