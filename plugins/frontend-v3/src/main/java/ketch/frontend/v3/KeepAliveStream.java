package ketch.frontend.v3;

import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Deque;
import ketch.api.kv.LeaseService;

/**
 * POST /v3/lease/keepalive: one {@code {"result":{header, ID, TTL}}} line per {@code {"ID":...}}
 * of the body, in order (etcd renews one at a time); the answer ends when the body has ended and
 * every renewal is answered. A renewal that fails ends the stream with the error.
 */
final class KeepAliveStream extends BidiStream<Long> {
    /** Renewals waiting for their turn before the body is read further. */
    private static final int MAX_WAITING = 64;

    private final LeaseService lease;
    private final Deque<Long> waiting = new ArrayDeque<>();
    private boolean renewing;
    private boolean noMoreIds;

    KeepAliveStream(RoutingContext ctx, long maxValueBytes, LeaseService lease) {
        super(ctx, maxValueBytes);
        this.lease = lease;
    }

    @Override
    Long decode(byte[] json) {
        return new ServiceRequestDecoder().leaseId(json);
    }

    @Override
    void onRequest(Long id) {
        waiting.add(id);
        if (waiting.size() >= MAX_WAITING) {
            request.pause(); // a client that sends faster than renewals complete waits in TCP
        }
        next();
    }

    @Override
    void onRequestsEnded() {
        noMoreIds = true;
        next();
    }

    @Override
    void onFinished() {
        waiting.clear();
    }

    private void next() {
        if (renewing || finished()) {
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(drained -> next()); // the client reads slowly: renew when it caught up
            return;
        }
        Long id = waiting.poll();
        if (id == null) {
            if (noMoreIds) {
                end();
            }
            return;
        }
        if (waiting.size() < MAX_WAITING / 2) {
            request.resume();
        }
        renewing = true;
        lease.keepAlive(id).whenComplete((renewed, failure) -> context.runOnContext(ignored -> {
            renewing = false;
            if (failure != null) {
                fail(failure);
                return;
            }
            writeLine(ServiceResponseEncoder.keepAliveLine(renewed));
            next();
        }));
    }
}
