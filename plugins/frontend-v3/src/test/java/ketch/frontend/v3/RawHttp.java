package ketch.frontend.v3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket, for the streams: the body is sent in chunks the test
 * chooses and may stay open, and the answer is read line by line as it arrives. Reads time out
 * after 10 s so a missing answer fails the test instead of hanging it.
 */
final class RawHttp implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;
    private boolean chunked;
    private long remaining = -1; // bytes of a Content-Length body still to read
    private boolean bodyEnded;

    RawHttp(int port, String path) throws IOException {
        this(port, path, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes, small to make the server's writes back up; 0 for the default */
    RawHttp(int port, String path, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout(READ_TIMEOUT_MS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends one chunk of the request body. */
    RawHttp send(String chunk) throws IOException {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** Ends the request body. */
    RawHttp endBody() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /** The status code; waits for the status line and headers. */
    int status() throws IOException {
        if (status < 0) {
            String statusLine = line();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
            remaining = chunked ? -1 : Long.parseLong(headers.getOrDefault("content-length", "0"));
            bodyEnded = !chunked && remaining == 0;
        }
        return status;
    }

    /** A response header, by case-insensitive name; empty if absent. */
    String header(String name) throws IOException {
        status();
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    /** The next newline-terminated line of the body, without the newline; waits for it. */
    String bodyLine() throws IOException {
        status();
        while (true) {
            byte[] bytes = body.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    body.reset();
                    body.write(bytes, i + 1, bytes.length - i - 1);
                    return new String(bytes, 0, i, StandardCharsets.UTF_8);
                }
            }
            if (bodyEnded) {
                throw new IOException("the body ended without another line; left: " + new String(bytes, StandardCharsets.UTF_8));
            }
            readMore();
        }
    }

    /** Everything left of the body; waits for its end. */
    String restOfBody() throws IOException {
        status();
        while (!bodyEnded) {
            readMore();
        }
        String rest = body.toString(StandardCharsets.UTF_8);
        body.reset();
        return rest;
    }

    private void readMore() throws IOException {
        if (!chunked) {
            byte[] buffer = new byte[(int) Math.min(remaining, 8192)];
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("connection closed with " + remaining + " body bytes missing");
            }
            body.write(buffer, 0, n);
            remaining -= n;
            bodyEnded = remaining == 0;
            return;
        }
        int size = Integer.parseInt(line().trim(), 16);
        if (size == 0) {
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers (the gateway's Grpc-Trailer-Content-Type) are not checked
            }
            bodyEnded = true;
            return;
        }
        body.write(in.readNBytes(size));
        line();
    }

    /** Bytes of the answer that arrived and were not read yet. */
    int available() throws IOException {
        return in.available();
    }

    private String line() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a line: " + text.toString(StandardCharsets.UTF_8));
            }
            if (c != '\r') {
                text.write(c);
            }
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
