package ketch.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;

/**
 * The wire form: every frame is {@code length (4) | crc32c (4) | payload (length)}, big-endian,
 * where the CRC covers the payload. The first frame a dialer sends is a {@link Hello}; every later
 * frame's payload is one {@link MessageCodec} message.
 */
final class Frames {
    /** Bytes before the payload: the length and the CRC. */
    static final int HEADER_BYTES = 8;

    private Frames() {}

    /** A whole frame holding {@code m}, ready to write. */
    static byte[] message(Message m) {
        int size = MessageCodec.encodedSize(m);
        byte[] frame = new byte[HEADER_BYTES + size];
        ByteBuffer payload = ByteBuffer.wrap(frame, HEADER_BYTES, size).slice();
        MessageCodec.encode(m, payload);
        seal(frame);
        return frame;
    }

    /** A whole frame holding {@code hello}. */
    static byte[] hello(Hello hello) {
        byte[] frame = new byte[HEADER_BYTES + Hello.BYTES];
        hello.encode(ByteBuffer.wrap(frame, HEADER_BYTES, Hello.BYTES).slice());
        seal(frame);
        return frame;
    }

    /** Splits frames off the stream; a length above {@code maxPayloadBytes} fails at once, before any allocation. */
    static LengthFieldBasedFrameDecoder decoder(int maxPayloadBytes) {
        // the length counts only the payload: add the CRC (4) after the length field
        return new LengthFieldBasedFrameDecoder(maxPayloadBytes + HEADER_BYTES, 0, 4, 4, 0, true);
    }

    /**
     * The payload of a frame the decoder split off, after checking its CRC; the buffer views the
     * frame's memory, so use it before releasing the frame.
     */
    static ByteBuffer payload(ByteBuf frame) {
        int length = frame.getInt(frame.readerIndex());
        int expectedCrc = frame.getInt(frame.readerIndex() + 4);
        ByteBuffer payload = frame.nioBuffer(frame.readerIndex() + HEADER_BYTES, length);
        int actualCrc = crc(payload.duplicate());
        if (actualCrc != expectedCrc) {
            throw new IllegalArgumentException("frame CRC32C mismatch: header says " + Integer.toHexString(expectedCrc)
                    + ", payload of " + length + " bytes has " + Integer.toHexString(actualCrc));
        }
        return payload;
    }

    private static void seal(byte[] frame) {
        ByteBuffer header = ByteBuffer.wrap(frame);
        header.putInt(frame.length - HEADER_BYTES);
        header.putInt(crc(ByteBuffer.wrap(frame, HEADER_BYTES, frame.length - HEADER_BYTES)));
    }

    private static int crc(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
