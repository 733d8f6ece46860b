package ketch.distribution.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch client that stops reading while 20 MB of events are written: the node pauses its stream
 * (bounded buffer) and moves the watcher to catch-up from history; when the client reads again it
 * gets every event, in order, each once, across the switch from live to history and back.
 */
class WatchSlowClientIT {
    private static final Pattern MOD_REVISION = Pattern.compile("\"mod_revision\":\"(\\d+)\"");
    private static final int PUTS = 300;

    @Test
    void aClientThatStopsReadingGetsEveryEventInOrderWhenItResumes(@TempDir Path dir) throws Exception {
        int client = NodeProcess.freePort();
        int peer = NodeProcess.freePort();
        List<String> args = List.of("--log-store", "mvstore", "--listen-client-urls", "http://127.0.0.1:" + client,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-cluster", "default=http://127.0.0.1:" + peer);
        try (NodeProcess node = NodeProcess.start(dir, client, args); Socket watch = new Socket()) {
            node.awaitServing(Duration.ofSeconds(30));
            watch.setReceiveBufferSize(4096); // a small window: the server's writes back up quickly
            watch.connect(new InetSocketAddress("127.0.0.1", client));
            watch.setSoTimeout(30_000);
            String body = "{\"create_request\":{\"key\":\"aw==\"}}";
            watch.getOutputStream().write(("POST /v3/watch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            watch.getOutputStream().flush();
            ChunkedLines lines = new ChunkedLines(watch.getInputStream());
            assertTrue(lines.next().contains("\"created\":true"), "the watch is created before the writes");

            String value = Base64.getEncoder().encodeToString(new byte[64 * 1024]);
            List<Long> written = new ArrayList<>();
            for (int i = 0; i < PUTS; i++) { // about 26 MB of JSON lines while the client reads nothing
                HttpResponse<String> r = node.post("/v3/kv/put", "{\"key\":\"aw==\",\"value\":\"" + value + "\"}");
                assertEquals(200, r.statusCode(), r.body());
                Matcher m = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(r.body());
                assertTrue(m.find(), r.body());
                written.add(Long.parseLong(m.group(1)));
            }

            List<Long> seen = new ArrayList<>();
            int fromHistory = 0; // a live reply holds one revision; a catch-up reply from history several
            while (seen.size() < PUTS) {
                Matcher m = MOD_REVISION.matcher(lines.next());
                int events = 0;
                while (m.find()) {
                    seen.add(Long.parseLong(m.group(1)));
                    events++;
                }
                if (events > 1) fromHistory++;
            }
            assertEquals(written, seen, "every event, in order, each once");
            assertTrue(fromHistory > 0, "the stalled watcher was caught up from history, not buffered");
            assertTrue(node.isAlive());
        }
    }

    /** Reads a chunked HTTP answer as newline-delimited messages. */
    private static final class ChunkedLines {
        private final InputStream in;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();
        private boolean headersRead;

        ChunkedLines(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            if (!headersRead) {
                String status = readLine();
                assertTrue(status.startsWith("HTTP/1.1 200"), status);
                while (!readLine().isEmpty()) {
                    // headers
                }
                headersRead = true;
            }
            while (lines.isEmpty()) {
                int size = Integer.parseInt(readLine().trim(), 16);
                if (size == 0) throw new IOException("the answer ended");
                byte[] chunk = in.readNBytes(size);
                readLine(); // the CRLF after the chunk
                int start = 0;
                for (int i = 0; i < chunk.length; i++) {
                    if (chunk[i] == '\n') {
                        pending.write(chunk, start, i - start);
                        lines.add(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                        start = i + 1;
                    }
                }
                pending.write(chunk, start, chunk.length - start);
            }
            return lines.poll();
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new IOException("the answer ended");
                if (c != '\r') line.append((char) c);
            }
            return line.toString();
        }
    }
}
