package ketch.transport.tcp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.TransportContract;

/** The tcp transport against the whole transport contract, built through its provider as the node builds it. */
class TcpTransportTest extends TransportContract {
    static final int QUEUE_BOUND = 16_384;

    @Override
    protected Transport create(long memberId, URI listenUrl) {
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of(
                TcpTransportProvider.MAX_QUEUED_MESSAGES, Integer.toString(QUEUE_BOUND),
                TcpTransportProvider.RECONNECT_BACKOFF_MAX, "250"));
        return new TcpTransportProvider().create(config, new TransportProvider.Context(memberId, List.of(listenUrl), MAX_MESSAGE_BYTES));
    }

    @Override
    protected int maxQueuedMessages() {
        return QUEUE_BOUND;
    }
}
