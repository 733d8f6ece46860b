package ketch.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds where a complete HTTP/1.1 response ends in bytes read so far, without blocking: the event
 * loop calls it after every read and waits for more bytes when it answers empty. Bodies are framed
 * by Content-Length or chunked encoding; a response framed only by the connection's end cannot be
 * told apart from a partial one on a persistent connection and is refused.
 */
final class ResponseFraming {
    /** A head longer than this without its blank line is not an HTTP response we can use. */
    static final int MAX_HEAD = 16 * 1024;

    /**
     * A complete response at the start of the window: its status, the offset just after it, and its
     * (de-chunked) body when the status is not 200, for the error distribution.
     */
    record Framed(int status, int end, Optional<byte[]> errorBody) {}

    private ResponseFraming() {}

    /** The response starting at {@code from} if {@code buf[from, to)} holds all of it. */
    static Optional<Framed> next(byte[] buf, int from, int to) throws IOException {
        while (from < to && (buf[from] == '\r' || buf[from] == '\n')) {
            from++; // stray line ends between responses
        }
        int headEnd = indexOfBlankLine(buf, from, to);
        if (headEnd < 0) {
            if (to - from > MAX_HEAD) throw new IOException("response head longer than " + MAX_HEAD + " bytes");
            return Optional.empty();
        }
        if (headEnd - from < 12 || !startsWith(buf, from, "HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: \"" + line(buf, from, headEnd) + "\"");
        }
        int status = digits(buf, from + 9, 3);
        long length = -1;
        boolean chunked = false;
        int lineStart = indexOfLineEnd(buf, from, headEnd + 2) + 2;
        while (lineStart < headEnd) {
            int lineEnd = indexOfLineEnd(buf, lineStart, headEnd + 2);
            if (startsWithIgnoreCase(buf, lineStart, "content-length:")) {
                length = Long.parseLong(line(buf, lineStart + 15, lineEnd).trim());
            } else if (startsWithIgnoreCase(buf, lineStart, "transfer-encoding:")) {
                chunked = line(buf, lineStart + 18, lineEnd).toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
            lineStart = lineEnd + 2;
        }
        int bodyStart = headEnd + 4;
        if (status / 100 == 1 || status == 204 || status == 304) {
            return Optional.of(new Framed(status, bodyStart, Optional.empty()));
        }
        if (chunked) {
            return chunkedEnd(buf, bodyStart, to, status);
        }
        if (length < 0) {
            throw new IOException("response " + status + " has neither Content-Length nor chunked encoding");
        }
        if (to - bodyStart < length) return Optional.empty();
        int end = bodyStart + Math.toIntExact(length);
        Optional<byte[]> body = status == 200 ? Optional.empty() : Optional.of(java.util.Arrays.copyOfRange(buf, bodyStart, end));
        return Optional.of(new Framed(status, end, body));
    }

    private static Optional<Framed> chunkedEnd(byte[] buf, int pos, int to, int status) throws IOException {
        ByteArrayOutputStream body = status == 200 ? null : new ByteArrayOutputStream();
        while (true) {
            int sizeEnd = indexOfLineEnd(buf, pos, to);
            if (sizeEnd < 0) return Optional.empty();
            String sizeLine = line(buf, pos, sizeEnd);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line \"" + sizeLine + "\"");
            }
            pos = sizeEnd + 2;
            if (size == 0) {
                // trailers, then the blank line that ends the response
                while (true) {
                    int trailerEnd = indexOfLineEnd(buf, pos, to);
                    if (trailerEnd < 0) return Optional.empty();
                    boolean blank = trailerEnd == pos;
                    pos = trailerEnd + 2;
                    if (blank) {
                        Optional<byte[]> errorBody = body == null ? Optional.empty() : Optional.of(body.toByteArray());
                        return Optional.of(new Framed(status, pos, errorBody));
                    }
                }
            }
            if (to - pos < size + 2) return Optional.empty();
            if (body != null) body.write(buf, pos, (int) size);
            pos += (int) size + 2; // the data and its CRLF
        }
    }

    /** Offset of the CRLFCRLF that ends a head, or -1. */
    private static int indexOfBlankLine(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
        }
        return -1;
    }

    /** Offset of the next CRLF, or -1. */
    private static int indexOfLineEnd(byte[] buf, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') return i;
        }
        return -1;
    }

    private static boolean startsWith(byte[] buf, int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[at + i] != prefix.charAt(i)) return false;
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] buf, int at, String lowerPrefix) {
        if (at + lowerPrefix.length() > buf.length) return false;
        for (int i = 0; i < lowerPrefix.length(); i++) {
            if (Character.toLowerCase((char) buf[at + i]) != lowerPrefix.charAt(i)) return false;
        }
        return true;
    }

    private static int digits(byte[] buf, int at, int count) throws IOException {
        int n = 0;
        for (int i = at; i < at + count; i++) {
            if (buf[i] < '0' || buf[i] > '9') throw new IOException("bad status code in \"" + line(buf, at - 9, at + count) + "\"");
            n = n * 10 + (buf[i] - '0');
        }
        return n;
    }

    private static String line(byte[] buf, int from, int to) {
        return new String(buf, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}
