package ketch.frontend.v3;

import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.Event;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;

/**
 * POST /v3/watch: one {@link WatchService.WatchStream} per request. Create, cancel and progress
 * requests go to it as they arrive; its responses become {@code {"result":...}} lines. The answer
 * stays open after the body ends, until the client disconnects, which closes the stream.
 * The outbound buffer is bounded: the stream is paused while the connection's write queue is full or
 * while responses handed over by the node but not yet written pass {@link #MAX_BACKLOG_BYTES}, and
 * resumed when both cleared; the node then catches the paused watchers up from history.
 */
final class WatchStreamCall extends BidiStream<WatchMessage> {
    private static final Logger LOG = Logger.getLogger(WatchStreamCall.class.getName());

    /** Estimated bytes of responses the node handed over that the event loop has not written yet. */
    static final long MAX_BACKLOG_BYTES = 1024 * 1024;
    private static final long RESUME_BACKLOG_BYTES = MAX_BACKLOG_BYTES / 4;

    private final WatchService.WatchStream stream;
    private final AtomicLong backlogBytes = new AtomicLong();
    // guarded by this: the two reasons to pause, and what the stream was last told
    private boolean backlogFull;
    private boolean writeQueueFull;
    private boolean streamPaused;

    WatchStreamCall(RoutingContext ctx, long maxValueBytes, WatchService watch) {
        super(ctx, maxValueBytes);
        // the sink runs on the node's apply lane: count the bytes, hand the response to the event loop, never block
        this.stream = watch.open(response -> {
            long size = estimatedBytes(response);
            if (backlogBytes.addAndGet(size) > MAX_BACKLOG_BYTES) {
                backlog(true);
            }
            context.runOnContext(ignored -> deliver(response, size));
        });
    }

    @Override
    WatchMessage decode(byte[] json) {
        return new ServiceRequestDecoder().watch(json);
    }

    @Override
    void onRequest(WatchMessage message) {
        switch (message) {
            case WatchMessage.Create create -> stream.create(create.request());
            case WatchMessage.Cancel cancel -> stream.cancel(cancel.watchId());
            case WatchMessage.Progress progress -> stream.requestProgress();
            case WatchMessage.Empty empty -> { } // etcd ignores a request that names nothing
        }
    }

    @Override
    void onRequestsEnded() {
        // etcd keeps the watches of a stream whose client stopped sending: the answer stays open
    }

    @Override
    void onFinished() {
        try {
            stream.close();
        } catch (RuntimeException e) {
            // a node shutting down closes its lanes before the connections: the watches go with it
            LOG.log(Level.FINE, "watch stream not closed", e);
        }
    }

    private void deliver(WatchResponse watchResponse, long size) {
        if (!finished()) {
            writeLine(ServiceResponseEncoder.watchLine(watchResponse));
        }
        if (backlogBytes.addAndGet(-size) <= RESUME_BACKLOG_BYTES) {
            backlog(false);
        }
        if (!finished() && response.writeQueueFull()) {
            boolean first;
            synchronized (this) {
                first = !writeQueueFull;
                writeQueueFull = true;
                updateStream();
            }
            if (first) {
                response.drainHandler(drained -> {
                    synchronized (this) {
                        writeQueueFull = false;
                        updateStream();
                    }
                });
            }
        }
    }

    /** Called from the apply lane (full) and the event loop (drained). */
    private synchronized void backlog(boolean full) {
        if (full && backlogBytes.get() <= MAX_BACKLOG_BYTES || !full && backlogBytes.get() > RESUME_BACKLOG_BYTES) {
            return; // the other thread moved it back meanwhile
        }
        backlogFull = full;
        updateStream();
    }

    /** Tells the stream only about changes, so pause and resume alternate. Holds this. */
    private void updateStream() {
        boolean pause = backlogFull || writeQueueFull;
        if (pause != streamPaused) {
            streamPaused = pause;
            if (pause) {
                stream.pause();
            } else {
                stream.resume();
            }
        }
    }

    private record Estimate(java.util.List<Event> events, long bytes) {}

    /** The last estimate: every watcher of a revision shares one event list, so it is counted once. */
    private static final java.util.concurrent.atomic.AtomicReference<Estimate> LAST_ESTIMATE = new java.util.concurrent.atomic.AtomicReference<>();

    /** About the size of the response's JSON line: base64 grows bytes by 4/3, plus the fields around them. */
    static long estimatedBytes(WatchResponse r) {
        Estimate last = LAST_ESTIMATE.get();
        if (last != null && last.events() == r.events()) {
            return last.bytes();
        }
        long bytes = eventBytes(r.events());
        LAST_ESTIMATE.set(new Estimate(r.events(), bytes));
        return bytes;
    }

    private static long eventBytes(java.util.List<Event> events) {
        long bytes = 200;
        for (Event e : events) {
            long raw = e.kv().key().size() + e.kv().value().size();
            if (e.prevKv().isPresent()) {
                raw += e.prevKv().get().key().size() + e.prevKv().get().value().size();
            }
            bytes += raw * 4 / 3 + 160;
        }
        return bytes;
    }
}
