package ketch.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;
import ketch.tck.transport.SampleMessages;
import org.junit.jupiter.api.Test;

/** The frame payload: records of length, CRC32C and codec bytes, and every way a payload is refused. */
class FramesTest {
    private static final long FROM = -5;
    private static final long TO = Long.MIN_VALUE + 7;
    private static final int LIMIT = 64 * 1024;

    @Test
    void aBatchOfEveryKindRoundTripsInOrder() {
        List<Message> batch = SampleMessages.everyKind(FROM, TO);
        assertEquals(batch, Frames.messages(payload(batch), LIMIT));
    }

    @Test
    void aRecordIsTheTcpFrameLayout() {
        Message m = SampleMessages.probe(FROM, TO, 1, 9);
        ByteBuffer record = ByteBuffer.wrap(Frames.record(m));
        assertEquals(MessageCodec.encodedSize(m), record.getInt());
        record.getInt(); // the CRC
        assertEquals(m, MessageCodec.decode(record));
    }

    @Test
    void anEmptyFrameIsRefused() {
        assertRefused(ByteBuffer.allocate(0), "empty binary frame");
    }

    @Test
    void aCorruptedRecordIsRefusedNamingItsOffset() {
        byte[] first = Frames.record(SampleMessages.probe(FROM, TO, 1, 0));
        byte[] second = Frames.record(SampleMessages.probe(FROM, TO, 1, 1));
        second[second.length - 1] ^= 0x10;
        assertRefused(Frames.payload(List.of(first, second), first.length + second.length), "record at byte " + first.length + ": CRC32C mismatch");
    }

    @Test
    void aTornRecordIsRefused() {
        byte[] record = Frames.record(SampleMessages.probe(FROM, TO, 1, 0));
        assertRefused(ByteBuffer.wrap(record, 0, record.length - 1), "claims " + (record.length - Frames.HEADER_BYTES) + " bytes but the frame has");
        assertRefused(ByteBuffer.wrap(record, 0, 5), "is torn: 5 bytes left");
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeReadingIt() {
        ByteBuffer header = ByteBuffer.allocate(Frames.HEADER_BYTES).putInt(LIMIT + 1).putInt(0).flip();
        assertRefused(header, "claims " + (LIMIT + 1) + " bytes; expected 1.." + LIMIT);
        ByteBuffer negative = ByteBuffer.allocate(Frames.HEADER_BYTES).putInt(-1).putInt(0).flip();
        assertRefused(negative, "claims 4294967295 bytes");
    }

    @Test
    void bytesAfterAMessageInItsRecordAreRefused() {
        byte[] message = MessageCodec.encode(SampleMessages.probe(FROM, TO, 1, 0));
        ByteBuffer padded = ByteBuffer.wrap(java.util.Arrays.copyOf(message, message.length + 3));
        assertRefused(record(padded), "is followed by 3 unread bytes");
    }

    @Test
    void aRecordThatDoesNotDecodeIsRefused() {
        assertRefused(record(ByteBuffer.wrap(new byte[] {9, 9, 9})), "does not decode");
    }

    private static ByteBuffer payload(List<Message> batch) {
        List<byte[]> records = batch.stream().map(Frames::record).toList();
        return Frames.payload(records, records.stream().mapToInt(r -> r.length).sum());
    }

    /** A record around arbitrary bytes, with a correct CRC. */
    private static ByteBuffer record(ByteBuffer body) {
        var crc = new java.util.zip.CRC32C();
        crc.update(body.duplicate());
        ByteBuffer out = ByteBuffer.allocate(Frames.HEADER_BYTES + body.remaining());
        out.putInt(body.remaining()).putInt((int) crc.getValue()).put(body);
        return out.flip();
    }

    private static void assertRefused(ByteBuffer payload, String expected) {
        var e = assertThrows(IllegalArgumentException.class, () -> Frames.messages(payload, LIMIT));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
