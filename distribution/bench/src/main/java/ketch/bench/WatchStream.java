package ketch.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/**
 * One watch stream: its own connection carrying one POST /v3/watch whose body creates every watcher
 * of the stream; the answer is newline-delimited {@code {"result":...}} messages, read until closed.
 */
final class WatchStream implements AutoCloseable {

    /** What the stream reports, from its reader thread. */
    interface Listener {
        void created(long atNanos);

        /** One event's value (decoded) and when it arrived. */
        void event(byte[] value, long atNanos);

        void failed(String error);
    }

    private final Socket socket;
    private final Thread reader;
    private volatile boolean closing;

    WatchStream(Endpoint endpoint, List<byte[]> keys, Listener listener) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] key : keys) {
            body.write(V3Json.watchCreate(key));
            body.write('\n');
        }
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(HttpConnection.post(endpoint, "/v3/watch", body.toByteArray()));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.reader = Thread.ofVirtual().name("bench-watch-" + endpoint.authority()).start(() -> read(in, listener));
    }

    private void read(InputStream in, Listener events) {
        // what the server says after we hang up (etcd: "context canceled") is no failure of the run
        Listener listener = new Listener() {
            @Override
            public void created(long atNanos) {
                events.created(atNanos);
            }

            @Override
            public void event(byte[] value, long atNanos) {
                events.event(value, atNanos);
            }

            @Override
            public void failed(String error) {
                if (!closing) {
                    events.failed(error);
                }
            }
        };
        try {
            ResponseReader responses = new ResponseReader(in);
            ResponseReader.Head head = responses.readHead();
            if (head.status() != 200) {
                listener.failed("watch stream refused: HTTP " + head.status());
                return;
            }
            try (JsonParser parser = V3Json.JSON.createParser(responses.bodyStream(head))) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    readMessage(parser, listener);
                }
            }
        } catch (IOException e) {
            listener.failed("watch stream broke: " + e.getMessage());
        }
    }

    /** Walks one message, noting created watchers, events' kv values, cancellations and errors. */
    private static void readMessage(JsonParser parser, Listener listener) throws IOException {
        Deque<String> path = new ArrayDeque<>();
        String name = "";
        path.push("");
        while (!path.isEmpty()) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new IOException("stream ended inside a message");
            }
            switch (token) {
                case FIELD_NAME -> name = parser.currentName();
                case START_OBJECT, START_ARRAY -> {
                    path.push(name);
                    name = "";
                }
                case END_OBJECT, END_ARRAY -> path.pop();
                case VALUE_TRUE -> {
                    if (name.equals("created") && "result".equals(path.peek())) {
                        listener.created(System.nanoTime());
                    } else if (name.equals("canceled") && "result".equals(path.peek())) {
                        listener.failed("watch canceled by the server");
                    }
                }
                case VALUE_STRING -> {
                    if (name.equals("value") && "kv".equals(path.peek())) {
                        listener.event(Base64.getDecoder().decode(parser.getText()), System.nanoTime());
                    } else if (name.equals("message") && "error".equals(path.peek())) {
                        listener.failed("watch stream error: " + parser.getText());
                    }
                }
                default -> { } // numbers, nulls and false carry nothing the benchmark counts
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to report about a stream we are discarding
        }
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
