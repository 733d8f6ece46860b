package ketch.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One persistent, blocking HTTP/1.1 connection for one caller at a time: the caller writes its
 * request and reads the response itself. For the few sequential calls around a run (lease grants,
 * watch-latency's puts); the load itself goes through {@link LoadRun}'s event loops.
 */
final class HttpConnection implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final Endpoint endpoint;
    private final Socket socket;
    private final OutputStream out;
    private final ResponseReader reader;
    private IOException broken;

    HttpConnection(Endpoint endpoint) throws IOException {
        this.endpoint = endpoint;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.reader = new ResponseReader(new BufferedInputStream(socket.getInputStream(), BUFFER));
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The bytes of a POST with a JSON body, ready to write. */
    static byte[] post(Endpoint endpoint, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + endpoint.authority()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Sends one request and waits for its response. */
    HttpResponse call(byte[] request) throws IOException {
        if (broken != null) {
            throw broken;
        }
        try {
            out.write(request);
            out.flush();
            return reader.read();
        } catch (IOException e) {
            broken = new IOException("connection to " + endpoint + " failed: " + e.getMessage(), e);
            closeQuietly();
            throw broken;
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }

    @Override
    public void close() {
        broken = broken == null ? new IOException("connection closed") : broken;
        closeQuietly();
    }
}
