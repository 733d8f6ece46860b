package ketch.transport.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;

/**
 * The payload of every binary WebSocket frame: one or more records {@code length (4) | crc32c (4)
 * | message (length)}, big-endian, where the CRC covers the {@link MessageCodec} bytes of the
 * message. The records are the tcp transport's frames, so both share one codec; a frame holds one
 * batch of messages to one peer and never exceeds one largest record.
 */
final class Frames {
    /** Bytes before a record's message: the length and the CRC. */
    static final int HEADER_BYTES = 8;
    /** Records carry an int length; keep room for the header. */
    static final int MAX_MESSAGE_BYTES_CAP = Integer.MAX_VALUE - 64;

    private Frames() {}

    /** The size of a record holding a message of {@code messageBytes}. */
    static int recordBytes(int messageBytes) {
        return messageBytes + HEADER_BYTES;
    }

    /** A whole record holding {@code m}. */
    static byte[] record(Message m) {
        int size = MessageCodec.encodedSize(m);
        byte[] record = new byte[HEADER_BYTES + size];
        MessageCodec.encode(m, ByteBuffer.wrap(record, HEADER_BYTES, size).slice());
        ByteBuffer header = ByteBuffer.wrap(record);
        header.putInt(size);
        header.putInt(crc(ByteBuffer.wrap(record, HEADER_BYTES, size)));
        return record;
    }

    /** One frame payload holding {@code records} in order; {@code totalBytes} is the sum of their sizes. */
    static ByteBuffer payload(List<byte[]> records, int totalBytes) {
        ByteBuffer payload = ByteBuffer.allocate(totalBytes);
        for (byte[] record : records) payload.put(record);
        return payload.flip();
    }

    /**
     * The messages of one frame payload, in order; throws {@link IllegalArgumentException} naming
     * what is wrong: an empty frame, a torn or oversized record, a CRC mismatch, a message that
     * does not decode or leaves bytes over in its record.
     */
    static List<Message> messages(ByteBuffer payload, int maxMessageBytes) {
        if (!payload.hasRemaining()) throw new IllegalArgumentException("empty binary frame; expected at least one record");
        List<Message> messages = new ArrayList<>();
        while (payload.hasRemaining()) {
            int at = payload.position();
            if (payload.remaining() < HEADER_BYTES) {
                throw new IllegalArgumentException("record at byte " + at + " is torn: " + payload.remaining() + " bytes left, a header needs " + HEADER_BYTES);
            }
            int length = payload.getInt();
            int expectedCrc = payload.getInt();
            if (length < 0 || length > maxMessageBytes) {
                throw new IllegalArgumentException("record at byte " + at + " claims " + Integer.toUnsignedString(length) + " bytes; expected 1.." + maxMessageBytes);
            }
            if (length > payload.remaining()) {
                throw new IllegalArgumentException("record at byte " + at + " claims " + length + " bytes but the frame has " + payload.remaining() + " left");
            }
            ByteBuffer message = payload.slice(payload.position(), length);
            payload.position(payload.position() + length);
            int actualCrc = crc(message.duplicate());
            if (actualCrc != expectedCrc) {
                throw new IllegalArgumentException("record at byte " + at + ": CRC32C mismatch, header says " + Integer.toHexString(expectedCrc)
                        + ", " + length + " bytes have " + Integer.toHexString(actualCrc));
            }
            messages.add(decode(message, at));
        }
        return messages;
    }

    private static Message decode(ByteBuffer bytes, int at) {
        Message m;
        try {
            m = MessageCodec.decode(bytes);
        } catch (RuntimeException e) {
            // a CRC-clean record that does not decode: another version, or a bug at the sender
            throw new IllegalArgumentException("record at byte " + at + " does not decode: " + e.getMessage(), e);
        }
        if (bytes.hasRemaining()) {
            throw new IllegalArgumentException("record at byte " + at + ": " + m.getClass().getSimpleName() + " is followed by " + bytes.remaining() + " unread bytes");
        }
        return m;
    }

    private static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
