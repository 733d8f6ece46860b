package ketch.api.spi;

import java.net.URI;
import java.util.List;

/** Supplies a {@link Transport}; chosen by {@code transport: {type: ...}} in node.yaml. */
public interface TransportProvider extends Provider<Transport, TransportProvider.Context> {

    /** What the node gives a transport: who it is and where to listen. */
    record Context(long memberId, List<URI> listenPeerUrls, long maxMessageBytes) {}
}
