package ketch.frontend.v3;

import java.nio.charset.StandardCharsets;

/**
 * Standard base64 with padding, decoded as Go's {@code base64.StdEncoding} does: CR and LF are
 * skipped, and an error names the byte offset where Go's decoder stops
 * ({@code illegal base64 data at input byte N}).
 */
final class GoBase64 {
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
    }

    private GoBase64() {}

    static byte[] decode(String text) {
        // The JDK's decoder (vectorised) agrees with Go's on every input it accepts whose length is a
        // multiple of 4 (padding then present, no CR/LF, unused bits ignored by both); anything it
        // refuses takes Go's path below, for Go's error or for the newlines Go skips.
        if ((text.length() & 3) == 0) {
            try {
                return JDK.decode(text);
            } catch (IllegalArgumentException e) {
                // fall through to Go's rules
            }
        }
        return decodeAsGo(text);
    }

    private static final java.util.Base64.Decoder JDK = java.util.Base64.getDecoder();

    /** Go's decoder, byte by byte: the reference the fast path above must agree with. */
    static byte[] decodeAsGo(String text) {
        byte[] src = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[src.length / 4 * 3 + 3];
        int n = 0;
        int si = 0;
        int[] quantum = new int[4];
        while (true) {
            int j = 0;
            int dlen = 4;
            while (j < 4) {
                if (si == src.length) {
                    if (j == 0) {
                        return java.util.Arrays.copyOf(out, n);
                    }
                    throw corrupt(si - j); // a quantum cut short: padding is required
                }
                int in = src[si++] & 0xff;
                int value = in < 128 ? DECODE[in] : -1;
                if (value >= 0) {
                    quantum[j++] = value;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    continue;
                }
                if (in != '=') {
                    throw corrupt(si - 1);
                }
                if (j < 2) {
                    throw corrupt(si - 1); // padding where data must be
                }
                if (j == 2) {
                    si = skipNewlines(src, si);
                    if (si == src.length) {
                        throw corrupt(src.length); // "==" expected, one "=" given
                    }
                    if (src[si] != '=') {
                        throw corrupt(si - 1);
                    }
                    si++;
                }
                si = skipNewlines(src, si);
                if (si < src.length) {
                    throw corrupt(si); // data after the padding
                }
                dlen = j;
                break;
            }
            int bits = quantum[0] << 18 | quantum[1] << 12 | (dlen > 2 ? quantum[2] << 6 : 0) | (dlen > 3 ? quantum[3] : 0);
            out[n++] = (byte) (bits >> 16);
            if (dlen > 2) {
                out[n++] = (byte) (bits >> 8);
            }
            if (dlen > 3) {
                out[n++] = (byte) bits;
            }
            if (dlen < 4) {
                return java.util.Arrays.copyOf(out, n);
            }
        }
    }

    private static int skipNewlines(byte[] src, int si) {
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
        }
        return si;
    }

    private static BadJsonException corrupt(int offset) {
        return new BadJsonException("illegal base64 data at input byte " + offset);
    }
}
