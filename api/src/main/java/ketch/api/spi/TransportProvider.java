package ketch.api.spi;

import java.net.URI;
import java.util.List;

/** Supplies a {@link Transport}; chosen by {@code transport: {type: ...}} in node.yaml. */
public interface TransportProvider extends Provider<Transport, TransportProvider.Context> {

    /**
     * What the node gives a transport: who it is, where to listen, and how peers prove it.
     *
     * @param clusterId this member's cluster; a peer announcing another one is refused ("request
     *     cluster ID mismatch"). 0 means not known yet (a member joining an existing cluster): not checked
     * @param tls the peer TLS settings; {@link PeerTls#none()} for plain connections
     */
    record Context(long memberId, List<URI> listenPeerUrls, long maxMessageBytes, long clusterId, PeerTls tls) {
        /** A context with no cluster-id check and no TLS (tests, single members). */
        public Context(long memberId, List<URI> listenPeerUrls, long maxMessageBytes) {
            this(memberId, listenPeerUrls, maxMessageBytes, 0, PeerTls.none());
        }
    }
}
