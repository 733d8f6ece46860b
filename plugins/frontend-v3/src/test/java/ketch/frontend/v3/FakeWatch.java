package ketch.frontend.v3;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;

/**
 * A WatchService double: each opened stream records the calls it gets ({@code "create ..."},
 * {@code "cancel 0"}, {@code "progress"}, {@code "close"}) for the test to take in order, and the
 * test pushes responses into its sink from another thread, as the node's apply lane does.
 */
final class FakeWatch implements WatchService, AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final ExecutorService applyLane = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-apply-lane"));
    private final BlockingQueue<Stream> opened = new LinkedBlockingQueue<>();

    @Override
    public WatchStream open(Consumer<WatchResponse> sink) {
        Stream stream = new Stream(sink);
        opened.add(stream);
        return stream;
    }

    /** The next stream a request opened. */
    Stream nextStream() throws InterruptedException {
        Stream stream = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (stream == null) {
            throw new AssertionError("no watch stream was opened within " + WAIT_SECONDS + " s");
        }
        return stream;
    }

    boolean noStreamOpened() {
        return opened.isEmpty();
    }

    @Override
    public void close() {
        applyLane.shutdownNow();
    }

    final class Stream implements WatchStream {
        private final Consumer<WatchResponse> sink;
        private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

        Stream(Consumer<WatchResponse> sink) {
            this.sink = sink;
        }

        /** Hands a response to the sink on the fake apply lane. */
        void push(WatchResponse response) {
            applyLane.execute(() -> sink.accept(response));
        }

        /** The next call the gateway made on this stream. */
        String nextCall() throws InterruptedException {
            String call = calls.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (call == null) {
                throw new AssertionError("no call on the watch stream within " + WAIT_SECONDS + " s");
            }
            return call;
        }

        boolean noMoreCalls() {
            return calls.isEmpty();
        }

        @Override
        public void create(WatchCreateRequest request) {
            calls.add("create " + request);
        }

        @Override
        public void cancel(long watchId) {
            calls.add("cancel " + watchId);
        }

        @Override
        public void requestProgress() {
            calls.add("progress");
        }

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
