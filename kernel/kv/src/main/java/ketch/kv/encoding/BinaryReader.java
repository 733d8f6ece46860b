package ketch.kv.encoding;

import ketch.api.Bytes;

/**
 * Reads what {@link BinaryWriter} wrote. Every read checks the bytes left and throws
 * {@link IllegalArgumentException} naming the field, the offset and what was expected.
 */
public final class BinaryReader {
    private final byte[] data;
    private final int end;
    private int pos;

    public BinaryReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BinaryReader(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return end - pos;
    }

    public int readByte(String field) {
        need(1, field);
        return data[pos++] & 0xFF;
    }

    public boolean readBoolean(String field) {
        int b = readByte(field);
        if (b > 1) throw malformed(field, "a boolean 0 or 1", Integer.toString(b));
        return b == 1;
    }

    public long readVarLong(String field) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1, field);
            byte b = data[pos++];
            if (shift == 63 && (b & 0xFE) != 0) throw malformed(field, "a varint of at most 64 bits", "an overlong one");
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw malformed(field, "a varint of at most 10 bytes", "a longer one");
    }

    /** A non-negative count or length that fits an int. */
    public int readVarInt(String field) {
        long v = readVarLong(field);
        if (v < 0 || v > Integer.MAX_VALUE) throw malformed(field, "a count between 0 and " + Integer.MAX_VALUE, Long.toString(v));
        return (int) v;
    }

    /** A count of items that each take at least one byte, so a corrupt count cannot make us allocate wildly. */
    public int readCount(String field) {
        int n = readVarInt(field);
        if (n > remaining()) throw malformed(field, "at most " + remaining() + " items (bytes left)", Integer.toString(n));
        return n;
    }

    public int readFixedInt(String field) {
        need(4, field);
        int v = ((data[pos] & 0xFF) << 24) | ((data[pos + 1] & 0xFF) << 16) | ((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    public Bytes readBytes(String field) {
        int length = readVarInt(field + " length");
        need(length, field);
        Bytes b = Bytes.copyOf(data, pos, length);
        pos += length;
        return b;
    }

    public byte[] readRaw(int length, String field) {
        need(length, field);
        byte[] out = new byte[length];
        System.arraycopy(data, pos, out, 0, length);
        pos += length;
        return out;
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd(String what) {
        if (pos != end) throw new IllegalArgumentException(what + ": " + (end - pos) + " unexpected trailing bytes at offset " + pos);
    }

    private void need(int n, String field) {
        if (end - pos < n) {
            throw new IllegalArgumentException("truncated input reading " + field + " at offset " + pos + ": needs " + n
                    + " bytes, " + (end - pos) + " left");
        }
    }

    private IllegalArgumentException malformed(String field, String expected, String found) {
        return new IllegalArgumentException("malformed " + field + " at offset " + pos + ": expected " + expected + ", found " + found);
    }
}
