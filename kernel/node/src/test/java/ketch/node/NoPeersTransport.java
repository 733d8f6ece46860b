package ketch.node;

import java.net.URI;
import java.util.List;
import java.util.Set;
import ketch.api.raft.Message;
import ketch.api.spi.PluginConfig;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;

/** A transport for a single-member node in tests: there is nobody to talk to, so sending anything is a bug. */
final class NoPeersTransport implements Transport {
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
            return new NoPeersTransport();
        }
    };

    @Override
    public void start(Inbound inbound) {}

    @Override
    public void send(List<Message> batch) {
        throw new AssertionError("a single member sent " + batch);
    }

    @Override
    public void addPeer(long peerId, List<URI> peerUrls) {
        throw new AssertionError("a single member has no peers, got " + Long.toHexString(peerId));
    }

    @Override
    public void removePeer(long peerId) {}

    @Override
    public void close() {}
}
