package ketch.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A trivial HTTP/1.1 server on loopback: keep-alive, pipelining (answers in order), a virtual thread
 * per connection, and a fixed answer per path. It measures the load tool alone, and wrk against it.
 * Run it by hand: {@code java -cp target/test-classes:target/classes ketch.bench.TrivialServer 18080}.
 */
final class TrivialServer implements AutoCloseable {

    /** The answer to one request: status, body, and whether to send it chunked. */
    record Answer(int status, byte[] body, boolean chunked) {
        static Answer ok(String body) {
            return new Answer(200, body.getBytes(StandardCharsets.UTF_8), false);
        }
    }

    private final ServerSocket server;
    private final Function<String, Answer> answers;
    private final Map<String, AtomicLong> requestsByPath = new ConcurrentHashMap<>();
    private final Thread acceptor;

    TrivialServer(int port, Function<String, Answer> answers) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        this.answers = answers;
        this.acceptor = Thread.ofPlatform().daemon().name("trivial-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    long requests(String path) {
        AtomicLong n = requestsByPath.get(path);
        return n == null ? 0 : n.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            ResponseReader lines = new ResponseReader(in);
            while (true) {
                String requestLine = lines.readLine();
                String[] parts = requestLine.split(" ");
                if (parts.length < 3) {
                    return;
                }
                long length = 0;
                for (String h = lines.readLine(); !h.isEmpty(); h = lines.readLine()) {
                    if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Long.parseLong(h.substring(15).trim());
                    }
                }
                in.skipNBytes(length);
                String path = parts[1];
                requestsByPath.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
                write(out, answers.apply(path));
                // answer a burst of pipelined requests with one write
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        String head = "HTTP/1.1 " + answer.status() + " X\r\nContent-Type: application/json\r\n"
                + (answer.chunked() ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + answer.body().length + "\r\n\r\n");
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        if (answer.chunked()) {
            out.write((Integer.toHexString(answer.body().length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(answer.body());
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(answer.body());
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Serves a fixed etcd-like put answer until killed: the endpoint for comparing ketch-bench with wrk. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        Answer fixed = Answer.ok("{\"header\":{\"cluster_id\":\"1\",\"member_id\":\"2\",\"revision\":\"3\",\"raft_term\":\"2\"}}");
        try (TrivialServer s = new TrivialServer(port, path -> fixed)) {
            System.out.println("trivial server on 127.0.0.1:" + s.port());
            s.acceptor.join();
        }
    }
}
