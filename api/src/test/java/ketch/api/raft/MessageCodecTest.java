package ketch.api.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import ketch.api.Bytes;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    static final SnapshotMetadata META = new SnapshotMetadata(42, 7,
            new ConfState(List.of(1L, 2L, 3L), List.of(4L), List.of(), List.of()));

    static List<Message> samples() {
        return List.of(
                new AppendEntries(1, 2, 3, 10, 2,
                        List.of(Entry.normal(11, 3, Bytes.of("a")),
                                new Entry(12, 3, Entry.Type.CONF_CHANGE, Bytes.of("cc"))), 9),
                new AppendEntries(1, 2, 3, 0, 0, List.of(), 0),
                new AppendResponse(2, 1, 3, 12, false, 0, 0),
                new AppendResponse(2, 1, 3, 10, true, 8, 2),
                new RequestVote(1, 3, 4, 12, 3, true, false),
                new RequestVote(1, 3, 4, 12, 3, false, true),
                new VoteResponse(3, 1, 4, true, true),
                new Heartbeat(1, 2, 3, 9, 5),
                new HeartbeatResponse(2, 1, 3, 5),
                new InstallSnapshot(1, 2, 3, META, 1024, Bytes.of("chunk"), true),
                new SnapshotResponse(2, 1, 3, 42, 2048, false),
                new TimeoutNow(1, 2, 3),
                new Propose(2, 1, 3, Entry.Type.NORMAL, List.of(Bytes.of("x"), Bytes.EMPTY)),
                new ReadIndexRequest(2, 1, 3, 77),
                new ReadIndexResponse(1, 2, 3, 77, 9, true),
                new Heartbeat(Long.MIN_VALUE, -1, 3, 9, 5)); // ids are unsigned 64-bit
    }

    @Test
    void everyMessageKindRoundTrips() {
        for (Message m : samples()) {
            byte[] bytes = MessageCodec.encode(m);
            assertEquals(MessageCodec.encodedSize(m), bytes.length, m.getClass().getSimpleName());
            assertEquals(m, MessageCodec.decode(bytes));
        }
    }

    @Test
    void messagesDecodeBackToBackFromOneBuffer() {
        List<Message> all = samples();
        ByteBuffer buf = ByteBuffer.allocate(all.stream().mapToInt(MessageCodec::encodedSize).sum());
        for (Message m : all) MessageCodec.encode(m, buf);
        buf.flip();
        for (Message m : all) assertEquals(m, MessageCodec.decode(buf));
        assertEquals(0, buf.remaining());
    }

    @Test
    void everyTruncationIsRejectedWithIllegalArgument() {
        for (Message m : samples()) {
            byte[] bytes = MessageCodec.encode(m);
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(bytes, len);
                assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(cut), m + " cut at " + len);
            }
        }
    }

    @Test
    void bogusCountIsRejectedWithoutAllocating() {
        byte[] bytes = MessageCodec.encode(new Propose(2, 1, 3, Entry.Type.NORMAL, List.of(Bytes.of("x"))));
        ByteBuffer.wrap(bytes).putInt(1 + 1 + 24 + 1, Integer.MAX_VALUE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(bytes));
        assertTrue(e.getMessage().contains("2147483647"), e.getMessage());
    }

    @Test
    void unknownVersionAndKindAreNamed() {
        byte[] bytes = MessageCodec.encode(new TimeoutNow(1, 2, 3));
        bytes[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(bytes)).getMessage().contains("version 9"));
        bytes[0] = MessageCodec.VERSION;
        bytes[1] = 99;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageCodec.decode(bytes)).getMessage().contains("kind 99"));
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        SplittableRandom random = new SplittableRandom(2026);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            if (junk.length > 1) {
                junk[0] = MessageCodec.VERSION;
                junk[1] = (byte) (1 + random.nextInt(12));
            }
            try {
                MessageCodec.decode(junk);
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            }
        }
    }
}
