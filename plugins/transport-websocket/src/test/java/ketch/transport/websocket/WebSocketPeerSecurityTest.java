package ketch.transport.websocket;

import java.net.URI;
import java.util.List;
import java.util.Map;
import ketch.api.spi.PeerTls;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.PeerSecurityContract;

/** Mutual TLS and the cluster-id check of the websocket transport. */
class WebSocketPeerSecurityTest extends PeerSecurityContract {
    @Override
    protected Transport create(long memberId, URI listenUrl, long clusterId, PeerTls tls) {
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE, Map.of(WebSocketTransportProvider.RECONNECT_BACKOFF_MAX, "100"));
        return new WebSocketTransportProvider().create(config, new TransportProvider.Context(memberId, List.of(listenUrl), 64 * 1024, clusterId, tls));
    }
}
