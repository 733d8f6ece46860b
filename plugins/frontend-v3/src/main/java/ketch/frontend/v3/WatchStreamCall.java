package ketch.frontend.v3;

import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;

/**
 * POST /v3/watch: one {@link WatchService.WatchStream} per request. Create, cancel and progress
 * requests go to it as they arrive; its responses become {@code {"result":...}} lines. The answer
 * stays open after the body ends, until the client disconnects, which closes the stream. When the
 * connection's write queue is full the stream is paused, and resumed once it drained.
 */
final class WatchStreamCall extends BidiStream<WatchMessage> {
    private static final Logger LOG = Logger.getLogger(WatchStreamCall.class.getName());

    private final WatchService.WatchStream stream;
    private boolean paused;

    WatchStreamCall(RoutingContext ctx, long maxValueBytes, WatchService watch) {
        super(ctx, maxValueBytes);
        // the sink runs on the node's apply lane: hand each response to the event loop, never block
        this.stream = watch.open(response -> context.runOnContext(ignored -> deliver(response)));
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

    private void deliver(WatchResponse watchResponse) {
        if (finished()) {
            return;
        }
        writeLine(ServiceResponseEncoder.watchLine(watchResponse));
        if (!paused && response.writeQueueFull()) {
            paused = true;
            stream.pause();
            response.drainHandler(drained -> {
                paused = false;
                stream.resume();
            });
        }
    }
}
