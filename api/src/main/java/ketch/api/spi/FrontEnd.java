package ketch.api.spi;

/** A client-facing front end (an HTTP API, a WebSocket service, ...). */
public interface FrontEnd extends AutoCloseable {
    /** Starts serving; returns once the front end accepts clients or throws if it cannot. */
    void start();

    @Override
    void close();
}
