package ketch.kv.encoding;

import java.util.Arrays;
import ketch.api.Bytes;

/** A growable big-endian buffer with unsigned LEB128 varints and length-prefixed byte strings. */
public final class BinaryWriter {
    private byte[] buf;
    private int size;

    public BinaryWriter() {
        this(64);
    }

    public BinaryWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryWriter writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public BinaryWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    /** Unsigned LEB128 of the raw 64 bits: 1 byte below 128, 10 bytes for negatives. */
    public BinaryWriter writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public BinaryWriter writeVarInt(int v) {
        if (v < 0) throw new IllegalArgumentException("negative count " + v);
        return writeVarLong(v);
    }

    public BinaryWriter writeFixedInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public BinaryWriter writeBytes(Bytes b) {
        writeVarInt(b.size());
        ensure(b.size());
        b.copyTo(buf, size);
        size += b.size();
        return this;
    }

    public BinaryWriter writeRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    public BinaryWriter writeRaw(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    public int size() {
        return size;
    }

    /** The internal array; only the first {@link #size()} bytes are content. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
