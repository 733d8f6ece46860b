package ketch.transport.tcp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import ketch.api.spi.PeerTls;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.PeerSecurityContract;

/** Mutual TLS and the cluster-id check of the tcp transport. */
class TcpPeerSecurityTest extends PeerSecurityContract {
    @Override
    protected Transport create(long memberId, URI listenUrl, long clusterId, PeerTls tls) {
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of(TcpTransportProvider.RECONNECT_BACKOFF_MAX, "100"));
        return new TcpTransportProvider().create(config, new TransportProvider.Context(memberId, List.of(listenUrl), 64 * 1024, clusterId, tls));
    }
}
