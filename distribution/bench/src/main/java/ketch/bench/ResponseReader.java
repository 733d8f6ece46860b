package ketch.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses one after another from a buffered stream: status line, headers, then a
 * body framed by Content-Length or chunked encoding (or, lacking both, the end of the connection).
 */
final class ResponseReader {
    private final InputStream in;
    private final byte[] line = new byte[8192];

    /** The head of a response: what the body framing needs. */
    record Head(int status, long contentLength, boolean chunked) {}

    ResponseReader(InputStream bufferedIn) {
        this.in = bufferedIn;
    }

    HttpResponse read() throws IOException {
        Head head = readHead();
        return new HttpResponse(head.status(), readBody(head));
    }

    Head readHead() throws IOException {
        String status = readLine();
        while (status.isEmpty()) {
            status = readLine();
        }
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: \"" + status + "\"");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        // 1xx, 204 and 304 carry no body whatever the headers say
        if (code / 100 == 1 || code == 204 || code == 304) {
            return new Head(code, 0, false);
        }
        return new Head(code, length, chunked);
    }

    /** The body of a response whose head was just read, as a stream (chunks decoded). */
    InputStream bodyStream(Head head) {
        return head.chunked() ? new ChunkedBody(this) : new LimitedBody(in, head.contentLength());
    }

    private byte[] readBody(Head head) throws IOException {
        if (!head.chunked() && head.contentLength() >= 0) {
            return in.readNBytes(Math.toIntExact(head.contentLength()));
        }
        return bodyStream(head).readAllBytes();
    }

    InputStream raw() {
        return in;
    }

    /** One CRLF- (or LF-) terminated line, without the terminator. */
    String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                break;
            }
            if (n == line.length) {
                throw new IOException("response line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) b;
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** A body of known length, or up to the end of the connection when the length is -1. */
    private static final class LimitedBody extends InputStream {
        private final InputStream in;
        private long left;

        LimitedBody(InputStream in, long length) {
            this.in = in;
            this.left = length < 0 ? Long.MAX_VALUE : length;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Decodes chunked transfer encoding; returns -1 after the last (empty) chunk and its trailers. */
    private static final class ChunkedBody extends InputStream {
        private final ResponseReader reader;
        private long chunkLeft;
        private boolean done;

        ChunkedBody(ResponseReader reader) {
            this.reader = reader;
        }

        private boolean nextChunk() throws IOException {
            if (done) {
                return false;
            }
            while (chunkLeft == 0) {
                String size = reader.readLine();
                if (size.isEmpty()) {
                    continue; // the CRLF after the previous chunk's data
                }
                int semicolon = size.indexOf(';');
                long length = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (length == 0) {
                    for (String trailer = reader.readLine(); !trailer.isEmpty(); trailer = reader.readLine()) {
                        // trailers carry nothing the tool needs
                    }
                    done = true;
                    return false;
                }
                chunkLeft = length;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            int b = reader.in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = reader.in.read(buf, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            return n;
        }
    }
}
