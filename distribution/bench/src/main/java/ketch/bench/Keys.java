package ketch.bench;

import java.util.Arrays;

/** Keys and values of a fixed size, as etcd's benchmark makes them: the key's index in its last bytes. */
final class Keys {
    private Keys() {}

    /** A key of {@code size} bytes holding {@code index} big-endian at its end, zero bytes before. */
    static byte[] key(int size, long index) {
        byte[] key = new byte[size];
        long rest = index;
        for (int i = size - 1; i >= 0 && rest != 0; i--) {
            key[i] = (byte) rest;
            rest >>>= 8;
        }
        return key;
    }

    /** How many distinct keys {@code size} bytes can hold, capped at Long.MAX_VALUE. */
    static long capacity(int size) {
        return size >= 8 ? Long.MAX_VALUE : 1L << (8 * size);
    }

    static void checkKeySpace(int keySize, long keySpace) {
        if (keySpace > capacity(keySize)) {
            throw new UsageException("--key-space-size " + keySpace + " does not fit in --key-size " + keySize
                    + " (at most " + capacity(keySize) + " distinct keys)");
        }
    }

    static byte[] value(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'v');
        return value;
    }

    /**
     * A value that carries the moment of its put (System.nanoTime as decimal digits), padded with
     * 'v' to {@code size} bytes; a watcher in this process reads it back to time the delivery.
     */
    static byte[] stamped(int size, long nanoTime) {
        byte[] digits = Long.toString(nanoTime).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] value = new byte[Math.max(size, digits.length)];
        Arrays.fill(value, (byte) 'v');
        System.arraycopy(digits, 0, value, 0, digits.length);
        return value;
    }

    /** The put time a {@link #stamped} value carries, or -1 when it carries none. */
    static long stampOf(byte[] value) {
        long n = 0;
        int i = 0;
        for (; i < value.length && value[i] >= '0' && value[i] <= '9'; i++) {
            n = n * 10 + (value[i] - '0');
        }
        return i == 0 ? -1 : n;
    }
}
