package ketch.node;

import java.net.URI;
import java.util.List;
import java.util.Set;
import ketch.api.raft.Message;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;

/**
 * A transport for a single-member node in tests: nobody answers. Messages are dropped and reported
 * unreachable, as the Transport contract says for unknown peers (Raft may address a member added at
 * runtime before the node adds it as a peer).
 */
final class NoPeersTransport implements Transport {
    /** The peers of the newest instance, as the node added and removed them. */
    static final java.util.Map<Long, List<URI>> PEERS = new java.util.concurrent.ConcurrentHashMap<>();

    static final TransportProvider PROVIDER = new TransportProvider() {
        @Override
        public String type() {
            return "tcp";
        }

        @Override
        public Set<String> configKeys() {
            return Set.of();
        }

        @Override
        public Transport create(PluginConfig config, Context context) {
            PEERS.clear();
            return new NoPeersTransport();
        }
    };

    private volatile Inbound inbound;

    @Override
    public void start(Inbound inbound) {
        this.inbound = inbound;
    }

    @Override
    public void send(List<Message> batch) {
        for (Message m : batch) inbound.unreachable(m.to());
    }

    @Override
    public void addPeer(long peerId, List<URI> peerUrls) {
        PEERS.put(peerId, List.copyOf(peerUrls));
    }

    @Override
    public void removePeer(long peerId) {
        PEERS.remove(peerId);
    }

    @Override
    public void close() {}
}
