package ketch.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;

class TcpSmokeTest {
    @Test
    void heartbeatTravels() throws Exception {
        var provider = new TcpTransportProvider();
        var cfg = new DefaultsPluginConfig("tcp", Map.of());
        try (var a = (TcpTransport) provider.create(cfg, new TransportProvider.Context(-5, List.of(URI.create("http://127.0.0.1:0")), 1 << 20));
                var b = (TcpTransport) provider.create(cfg, new TransportProvider.Context(7, List.of(URI.create("http://127.0.0.1:0")), 1 << 20))) {
            var got = new LinkedBlockingQueue<Message>();
            a.start(new Transport.Inbound() {
                public void receive(Message m) {}
                public void unreachable(long id) {}
            });
            b.start(new Transport.Inbound() {
                public void receive(Message m) { got.add(m); }
                public void unreachable(long id) {}
            });
            a.addPeer(7, List.of(URI.create("http://127.0.0.1:" + b.boundAddresses().get(0).getPort())));
            Message m = new Heartbeat(-5, 7, 3, 10, 1);
            a.send(List.of(m));
            assertEquals(m, got.poll(10, TimeUnit.SECONDS));
        }
    }
}
