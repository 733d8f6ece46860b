package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A watch stream reads the gateway's newline-delimited results: creations, events' values, cancellations. */
class WatchStreamTest {

    @Test
    void reportsCreatedWatchersEventsAndCancellation() throws Exception {
        String stamped = Base64.getEncoder().encodeToString(Keys.stamped(16, 42L));
        String body = "{\"result\":{\"header\":{\"revision\":\"1\"},\"created\":true}}\n"
                + "{\"result\":{\"header\":{},\"watch_id\":\"1\",\"created\":true}}\n"
                + "{\"result\":{\"header\":{\"revision\":\"2\"},\"events\":[{\"kv\":{\"key\":\"a2V5\",\"value\":\"" + stamped
                + "\"}},{\"type\":\"DELETE\",\"kv\":{\"key\":\"a2V5\"}}]}}\n"
                + "{\"result\":{\"header\":{},\"canceled\":true,\"compact_revision\":\"8\"}}\n";
        TrivialServer.Answer answer = new TrivialServer.Answer(200, body.getBytes(StandardCharsets.UTF_8), true);
        List<String> seen = new ArrayList<>();
        CountDownLatch ended = new CountDownLatch(4);
        WatchStream.Listener listener = new WatchStream.Listener() {
            @Override
            public void created(long atNanos) {
                record("created");
            }

            @Override
            public void event(byte[] value, long atNanos) {
                record("event " + Keys.stampOf(value));
            }

            @Override
            public void failed(String error) {
                record(error);
            }

            private void record(String what) {
                synchronized (seen) {
                    seen.add(what);
                }
                ended.countDown();
            }
        };
        try (TrivialServer server = new TrivialServer(0, path -> answer);
             WatchStream stream = new WatchStream(new Endpoint("127.0.0.1", server.port()),
                     List.of(Keys.key(8, 1), Keys.key(8, 2)), listener)) {
            assertEquals(true, ended.await(10, TimeUnit.SECONDS), () -> "seen: " + seen);
            assertEquals(1, server.requests("/v3/watch"));
        }
        synchronized (seen) {
            assertEquals(List.of("created", "created", "event 42", "watch canceled by the server"), seen);
        }
    }
}
