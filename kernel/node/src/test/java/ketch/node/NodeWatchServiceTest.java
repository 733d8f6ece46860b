package ketch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.Event;
import ketch.api.kv.PutRequest;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;
import ketch.api.spi.LogStoreProvider;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress notifications (driven by an injected clock), fragments and paused streams on one in-process member. */
class NodeWatchServiceTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** The machine's clock plus a manual offset: an hour passes without waiting for it. */
    private static final class ShiftedClock implements Clock {
        final AtomicLong offsetNanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return System.nanoTime() + offsetNanos.get();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis() + offsetNanos.get() / 1_000_000;
        }
    }

    private static KetchNode start(Path dir, Clock clock, String extraYaml) {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return KetchNode.start(NodeConfigLoader.fromYaml("data-dir: " + dir.resolve("data") + "\nlog-store: mvstore\n" + extraYaml, "test.yaml"),
                PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of()), clock);
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static WatchResponse next(LinkedBlockingQueue<WatchResponse> q) throws InterruptedException {
        WatchResponse r = q.poll(20, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no watch response within 20 s");
        return r;
    }

    private static WatchCreateRequest progressWatch(String key) {
        return new WatchCreateRequest(Bytes.of(key), Bytes.EMPTY, 0, true, false, false, false, 0, false);
    }

    private static long put(KetchNode node, String key, Bytes value) {
        return await(node.kv().put(new PutRequest(Bytes.of(key), value, 0, false, false, false))).header().revision();
    }

    @Test
    void idleProgressNotifyWatchersHearTheRevisionEveryIntervalAndBusyOnesSkipOne(@TempDir Path dir) throws Exception {
        ShiftedClock clock = new ShiftedClock();
        try (KetchNode node = start(dir, clock, "experimental-watch-progress-notify-interval: 1h\n")) {
            // stream a is created first, so in every tick it is visited before b: when b's notice
            // arrives, a's answer for that tick has already been given (or not)
            LinkedBlockingQueue<WatchResponse> a = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<WatchResponse> b = new LinkedBlockingQueue<>();
            WatchService.WatchStream streamA = node.watch().open(a::add);
            WatchService.WatchStream streamB = node.watch().open(b::add);
            streamA.create(progressWatch("a"));
            assertTrue(next(a).created());
            streamB.create(progressWatch("b"));
            assertTrue(next(b).created());
            long revision = put(node, "other", Bytes.of("x"));

            clock.offsetNanos.addAndGet(HOUR);
            WatchResponse notice = next(a);
            assertEquals(new WatchResponse(notice.header(), 0, false, false, 0, "", false, List.of()), notice, "an empty response for watch 0");
            assertEquals(revision, notice.header().revision(), "at the current revision");
            assertEquals(revision, next(b).header().revision());

            long written = put(node, "a", Bytes.of("1"));
            assertEquals(written, next(a).events().getFirst().kv().modRevision());
            clock.offsetNanos.addAndGet(HOUR);
            assertTrue(next(b).events().isEmpty(), "b is idle: notified");
            assertTrue(a.isEmpty(), "a had an event in this interval: etcd skips its notice once");

            clock.offsetNanos.addAndGet(HOUR);
            assertEquals(written, next(a).header().revision(), "idle for a whole interval: notified again");
            assertEquals(written, next(b).header().revision());
            streamA.close();
            streamB.close();
        }
    }

    @Test
    void aProgressRequestIsAnsweredAtOnceWithWatchIdMinusOne(@TempDir Path dir) throws Exception {
        try (KetchNode node = start(dir, Clock.system(), "")) {
            long revision = put(node, "k", Bytes.of("v"));
            LinkedBlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
            WatchService.WatchStream stream = node.watch().open(q::add);
            stream.requestProgress();
            WatchResponse r = next(q);
            assertEquals(-1, r.watchId());
            assertEquals(revision, r.header().revision());
            assertFalse(r.created() || r.canceled());
            stream.close();
        }
    }

    @Test
    void aLargeCatchUpIsSplitIntoFragmentsOnlyWhenAsked(@TempDir Path dir) throws Exception {
        // the watch limit is max-request-bytes + 512 KiB (etcd's gRPC overhead): 300,000 + 524,288
        try (KetchNode node = start(dir, Clock.system(), "max-request-bytes: 300000\n")) {
            for (int i = 0; i < 4; i++) put(node, "big", Bytes.wrap(new byte[250_000])); // revisions 2..5
            LinkedBlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
            WatchService.WatchStream stream = node.watch().open(q::add);
            stream.create(new WatchCreateRequest(Bytes.of("big"), Bytes.EMPTY, 2, false, false, false, false, 0, true));
            assertTrue(next(q).created());
            WatchResponse first = next(q);
            WatchResponse last = next(q);
            assertEquals(List.of(2L, 3L, 4L), revisions(first), "three events stay under 824,288 bytes, a fourth would not");
            assertTrue(first.fragment());
            assertEquals(List.of(5L), revisions(last));
            assertFalse(last.fragment(), "the last part is not a fragment");

            stream.create(new WatchCreateRequest(Bytes.of("big"), Bytes.EMPTY, 2, false, false, false, false, 0, false));
            assertTrue(next(q).created());
            WatchResponse whole = next(q);
            assertEquals(List.of(2L, 3L, 4L, 5L), revisions(whole), "without fragment the revisions go whole");
            assertFalse(whole.fragment());
            stream.close();
        }
    }

    private static List<Long> revisions(WatchResponse r) {
        return r.events().stream().map(e -> e.kv().modRevision()).toList();
    }

    @Test
    void aPausedStreamGetsNothingAndThenEveryEventInOrder(@TempDir Path dir) throws Exception {
        try (KetchNode node = start(dir, Clock.system(), "")) {
            LinkedBlockingQueue<WatchResponse> q = new LinkedBlockingQueue<>();
            WatchService.WatchStream stream = node.watch().open(q::add);
            stream.create(WatchCreateRequest.ofKey(Bytes.of("k")));
            assertTrue(next(q).created());
            long first = put(node, "k", Bytes.of("0"));
            assertEquals(first, next(q).events().getFirst().kv().modRevision());

            stream.pause(); // the client stopped reading
            long last = 0;
            for (int i = 1; i <= 300; i++) last = put(node, "k", Bytes.of("" + i));
            assertTrue(q.isEmpty(), "nothing is handed to a paused stream's sink: " + q.size());

            stream.resume();
            List<Long> seen = new ArrayList<>();
            while (seen.size() < 300) {
                for (Event e : next(q).events()) seen.add(e.kv().modRevision());
            }
            List<Long> expected = new ArrayList<>();
            for (long r = first + 1; r <= last; r++) expected.add(r);
            assertEquals(expected, seen, "ordered, unique, no gap");
            long live = put(node, "k", Bytes.of("live"));
            assertEquals(live, next(q).events().getFirst().kv().modRevision());
            stream.close();
        }
    }
}
