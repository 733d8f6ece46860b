package ketch.bench;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;

/**
 * One persistent, non-blocking HTTP/1.1 connection owned by a {@link ClientLoop}: requests are queued
 * in its output buffer and written together; responses come back in request order (HTTP/1.1
 * pipelining), so a FIFO of the requests in flight says whose each response is.
 */
final class LoopConnection {
    private static final int BUFFER = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** A request on the wire: which client sent it and when. */
    record InFlight(int client, long sentNanos) {}

    /** Takes each complete response. */
    interface Responses {
        void completed(InFlight request, ResponseFraming.Framed response);
    }

    private final Endpoint endpoint;
    private final SocketChannel channel;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ByteBuffer out = ByteBuffer.allocate(BUFFER);
    private byte[] in = new byte[BUFFER];
    private ByteBuffer inView = ByteBuffer.wrap(in);
    private int start;
    private int end;
    private Optional<String> broken = Optional.empty();

    private LoopConnection(Endpoint endpoint, SocketChannel channel) {
        this.endpoint = endpoint;
        this.channel = channel;
    }

    /** Connects (blocking, bounded) and switches the channel to non-blocking. */
    static LoopConnection open(Endpoint endpoint) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MILLIS);
            channel.configureBlocking(false);
            return new LoopConnection(endpoint, channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Why the connection stopped, once it has. */
    Optional<String> broken() {
        return broken;
    }

    int inFlight() {
        return inFlight.size();
    }

    boolean hasOutput() {
        return out.position() > 0;
    }

    /** Queues a request; it goes out with the next {@link #flush}. */
    void queue(int client, byte[] request, long sentNanos) {
        if (out.remaining() < request.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + request.length));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        out.put(request);
        inFlight.add(new InFlight(client, sentNanos));
    }

    /** Writes as much queued output as the socket takes; true when none is left. */
    boolean flush() throws IOException {
        out.flip();
        try {
            channel.write(out);
        } finally {
            out.compact();
        }
        return out.position() == 0;
    }

    /** Reads what has arrived and hands over every complete response, oldest first. */
    void read(Responses responses) throws IOException {
        if (end == in.length) {
            makeRoom();
        }
        inView.limit(in.length).position(end);
        int n = channel.read(inView);
        if (n < 0) throw new EOFException("connection closed by the server");
        end += n;
        for (Optional<ResponseFraming.Framed> f = ResponseFraming.next(in, start, end); f.isPresent();
                f = ResponseFraming.next(in, start, end)) {
            InFlight request = inFlight.poll();
            if (request == null) {
                throw new IOException("unsolicited response from " + endpoint + " (status " + f.get().status() + ")");
            }
            start = f.get().end();
            responses.completed(request, f.get());
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Marks the connection failed, closes it, and returns the requests that will never be answered. */
    java.util.List<InFlight> fail(IOException cause) {
        broken = Optional.of("connection to " + endpoint + " failed: " + cause.getMessage());
        close();
        java.util.List<InFlight> lost = java.util.List.copyOf(inFlight);
        inFlight.clear();
        return lost;
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }

    private void makeRoom() {
        if (start > 0) {
            System.arraycopy(in, start, in, 0, end - start);
            end -= start;
            start = 0;
        } else {
            in = Arrays.copyOf(in, in.length * 2); // one response larger than the buffer
            inView = ByteBuffer.wrap(in);
        }
    }
}
