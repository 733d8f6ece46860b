package ketch.transport.websocket;

import java.time.Duration;

/**
 * The transport's knobs, validated by {@link WebSocketTransportProvider}.
 *
 * @param connectTimeout how long a dial with its upgrade, and an accepted connection's upgrade, may take
 * @param reconnectBackoffMax the cap of the doubling pause between dials to a peer that is down
 * @param maxQueuedMessages messages per peer waiting for its connection; more are dropped and reported
 * @param maxQueuedBytes encoded bytes per peer waiting for its connection; more are dropped and reported
 * @param maxMessageBytes the largest encoded message sent or accepted
 * @param ioThreads threads decoding what accepted connections receive
 */
record WebSocketSettings(
        Duration connectTimeout,
        Duration reconnectBackoffMax,
        int maxQueuedMessages,
        long maxQueuedBytes,
        int maxMessageBytes,
        int ioThreads) {
    /** The first pause after a failed dial; it doubles up to {@link #reconnectBackoffMax}. */
    static final Duration RECONNECT_BACKOFF_MIN = Duration.ofMillis(20);

    WebSocketSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be > 0, got " + connectTimeout);
        if (reconnectBackoffMax.compareTo(RECONNECT_BACKOFF_MIN) < 0) {
            throw new IllegalArgumentException("reconnectBackoffMax must be >= " + RECONNECT_BACKOFF_MIN + ", got " + reconnectBackoffMax);
        }
        if (maxQueuedMessages < 1) throw new IllegalArgumentException("maxQueuedMessages must be >= 1, got " + maxQueuedMessages);
        if (maxMessageBytes < 64 || maxMessageBytes > Frames.MAX_MESSAGE_BYTES_CAP) {
            throw new IllegalArgumentException("maxMessageBytes must be 64.." + Frames.MAX_MESSAGE_BYTES_CAP + ", got " + maxMessageBytes);
        }
        if (maxQueuedBytes < Frames.recordBytes(maxMessageBytes)) {
            throw new IllegalArgumentException("maxQueuedBytes must hold one largest message (" + Frames.recordBytes(maxMessageBytes) + "), got " + maxQueuedBytes);
        }
        if (ioThreads < 1) throw new IllegalArgumentException("ioThreads must be >= 1, got " + ioThreads);
    }

    /** The largest binary frame payload: one largest message, or a batch of smaller ones no bigger. */
    int maxFramePayload() {
        return Frames.recordBytes(maxMessageBytes);
    }
}
