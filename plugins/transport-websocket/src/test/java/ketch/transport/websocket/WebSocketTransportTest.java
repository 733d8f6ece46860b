package ketch.transport.websocket;

import java.net.URI;
import java.util.List;
import java.util.Map;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.TransportContract;

/** The websocket transport against the whole transport contract, built through its provider as the node builds it. */
class WebSocketTransportTest extends TransportContract {
    static final int QUEUE_BOUND = 16_384;

    @Override
    protected Transport create(long memberId, URI listenUrl) {
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE, Map.of(
                WebSocketTransportProvider.MAX_QUEUED_MESSAGES, Integer.toString(QUEUE_BOUND),
                WebSocketTransportProvider.RECONNECT_BACKOFF_MAX, "250",
                // garbage on the port is closed at this deadline when it never completes an upgrade
                WebSocketTransportProvider.CONNECT_TIMEOUT, "1000"));
        return new WebSocketTransportProvider().create(config, new TransportProvider.Context(memberId, List.of(listenUrl), MAX_MESSAGE_BYTES));
    }

    @Override
    protected int maxQueuedMessages() {
        return QUEUE_BOUND;
    }
}
