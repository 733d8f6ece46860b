package ketch.api.kv;

import java.util.function.Consumer;

/**
 * Watches over keys and ranges, as etcd's Watch service: a client opens a stream and creates and
 * cancels watches on it. Responses for one stream are delivered in order, one call at a time, on a
 * node thread; the sink must not block (hand off to the front end's own thread).
 */
public interface WatchService {
    /** Opens a stream; every response for its watches goes to {@code sink}. */
    WatchStream open(Consumer<WatchResponse> sink);

    /** One client stream of watches (one /v3/watch request body, one gRPC Watch call). */
    interface WatchStream extends AutoCloseable {
        /** Creates a watch; the answer (created, or canceled with a reason) arrives through the sink. */
        void create(WatchCreateRequest request);

        /** Cancels a watch; a canceled response arrives through the sink. Unknown ids are ignored. */
        void cancel(long watchId);

        /** Asks for a progress notification (watch id -1) at the current revision. */
        void requestProgress();

        /**
         * Stops delivering until {@link #resume()}: for a client that reads slowly. Events missed
         * meanwhile are caught up from history, not buffered without bound.
         */
        void pause();

        void resume();

        /** Cancels every watch of the stream. */
        @Override
        void close();
    }
}
