package ketch.api.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Member ids are etcd's: any non-zero 64-bit value, so about half are negative as a Java long. */
class MessageIdsTest {

    @Test
    void negativeIdsSurviveTheCodec() {
        List<Message> messages = List.of(
                new Heartbeat(Long.MIN_VALUE, -1, 3, 10, 0),
                new VoteResponse(0x8a3f_11c2_07d4_e5b1L, Long.MAX_VALUE, 3, false, true),
                new TimeoutNow(-2, -3, 0));
        for (Message m : messages) assertEquals(m, MessageCodec.decode(MessageCodec.encode(m)));
    }

    @Test
    void zeroIdsAreRefusedBecauseZeroMeansNone() {
        var from = assertThrows(IllegalArgumentException.class, () -> new TimeoutNow(0, 1, 1));
        assertEquals("message sender id must be non-zero, got 0", from.getMessage());
        var to = assertThrows(IllegalArgumentException.class, () -> new TimeoutNow(1, 0, 1));
        assertEquals("message receiver id must be non-zero, got 0", to.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TimeoutNow(1, 2, -1));
    }
}
