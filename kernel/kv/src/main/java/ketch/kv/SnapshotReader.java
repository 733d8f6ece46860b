package ketch.kv;

import java.util.zip.CRC32C;
import ketch.api.Bytes;
import ketch.kv.encoding.BinaryReader;

/**
 * Reads a snapshot of known length from a {@link SnapshotInput} through a small window, with the
 * checks of {@link BinaryReader}: every read names the field and offset when the input is short or
 * malformed, and a length can never exceed what is left, so a damaged snapshot cannot make it
 * allocate wildly. Keeps a CRC32C of every byte it consumes before the 4-byte trailer.
 */
final class SnapshotReader {
    private static final int WINDOW = 64 * 1024;

    private final SnapshotInput input;
    private final long end; // where the checksum trailer starts
    private final CRC32C crc = new CRC32C();
    private final byte[] window = new byte[WINDOW];
    private int windowPos;
    private int windowEnd;
    private long windowStart; // offset in the snapshot of window[0]

    SnapshotReader(SnapshotInput input, long length) {
        if (length < 4) throw new IllegalArgumentException("kv snapshot too short: " + length + " bytes");
        this.input = input;
        this.end = length - 4;
    }

    long position() {
        return windowStart + windowPos;
    }

    /** Bytes left before the checksum trailer. */
    long remaining() {
        return end - position();
    }

    int readByte(String field) {
        fill(1, field);
        return window[windowPos++] & 0xFF;
    }

    boolean readBoolean(String field) {
        int b = readByte(field);
        if (b > 1) throw malformed(field, "a boolean 0 or 1", Integer.toString(b));
        return b == 1;
    }

    long readVarLong(String field) {
        fill((int) Math.min(10, remaining()), field);
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (windowPos == windowEnd) throw truncated(field, 1);
            byte b = window[windowPos++];
            if (shift == 63 && (b & 0xFE) != 0) throw malformed(field, "a varint of at most 64 bits", "an overlong one");
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw malformed(field, "a varint of at most 10 bytes", "a longer one");
    }

    int readVarInt(String field) {
        long v = readVarLong(field);
        if (v < 0 || v > Integer.MAX_VALUE) throw malformed(field, "a count between 0 and " + Integer.MAX_VALUE, Long.toString(v));
        return (int) v;
    }

    /** A count of items that each take at least one byte, so a corrupt count cannot make us allocate wildly. */
    int readCount(String field) {
        int n = readVarInt(field);
        if (n > remaining()) throw malformed(field, "at most " + remaining() + " items (bytes left)", Integer.toString(n));
        return n;
    }

    Bytes readBytes(String field) {
        return Bytes.wrap(readRaw(readVarInt(field + " length"), field));
    }

    byte[] readRaw(int length, String field) {
        if (length > remaining()) throw truncated(field, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            fill(1, field);
            int n = Math.min(length - done, windowEnd - windowPos);
            System.arraycopy(window, windowPos, out, done, n);
            windowPos += n;
            done += n;
        }
        return out;
    }

    /** Reads the 4-byte trailer and fails unless it is the checksum of everything before it. */
    void checkTrailer() {
        if (remaining() != 0) throw new IllegalArgumentException("kv snapshot: " + remaining() + " unexpected trailing bytes at offset " + position());
        byte[] trailer = new byte[4];
        int done = 0;
        while (done < 4) {
            int n = input.read(trailer, done, 4 - done);
            if (n < 0) throw new IllegalArgumentException("truncated kv snapshot: the checksum is missing");
            done += n;
        }
        int expected = ((trailer[0] & 0xFF) << 24) | ((trailer[1] & 0xFF) << 16) | ((trailer[2] & 0xFF) << 8) | (trailer[3] & 0xFF);
        if ((int) crc.getValue() != expected) {
            throw new IllegalArgumentException("kv snapshot checksum mismatch: stored " + Integer.toHexString(expected)
                    + ", computed " + Integer.toHexString((int) crc.getValue()));
        }
        byte[] extra = new byte[1];
        if (input.read(extra, 0, 1) > 0) throw new IllegalArgumentException("kv snapshot is longer than its stated length " + (end + 4));
    }

    /** Makes at least {@code n} bytes (no more than are left) available in the window. */
    private void fill(int n, String field) {
        if (windowEnd - windowPos >= n) return;
        if (n > remaining()) throw truncated(field, n);
        int kept = windowEnd - windowPos;
        System.arraycopy(window, windowPos, window, 0, kept);
        windowStart += windowPos;
        windowPos = 0;
        windowEnd = kept;
        int want = (int) Math.min(window.length - kept, end - (windowStart + kept));
        while (windowEnd < n) { // n <= kept + want: the window and what is left both hold n
            int r = input.read(window, windowEnd, want - (windowEnd - kept));
            if (r < 0) throw truncated(field, n);
            crc.update(window, windowEnd, r);
            windowEnd += r;
        }
    }

    private IllegalArgumentException truncated(String field, long n) {
        return new IllegalArgumentException("truncated input reading " + field + " at offset " + position() + ": needs " + n
                + " bytes, " + remaining() + " left");
    }

    private IllegalArgumentException malformed(String field, String expected, String found) {
        return new IllegalArgumentException("malformed " + field + " at offset " + position() + ": expected " + expected + ", found " + found);
    }
}
