package ketch.transport.tcp;

import static ketch.tck.transport.SampleMessages.probe;
import static ketch.tck.transport.SampleMessages.probes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ketch.api.Bytes;
import ketch.api.raft.Entry;
import ketch.api.raft.Message;
import ketch.api.raft.Propose;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.RecordingInbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-peer queue while a peer is down: both bounds hold exactly, and what the sender refuses to send. */
class TcpQueueTest {
    private static final long ME = -77;
    private static final long PEER = 0x7000_0000_0000_0001L;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final RecordingInbound inbound = new RecordingInbound();
    private final List<TcpTransport> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(TcpTransport::close);
    }

    @Test
    void theMessageBoundHoldsExactlyWhileThePeerIsDown() throws Exception {
        TcpTransport t = started(ME, Map.of(TcpTransportProvider.MAX_QUEUED_MESSAGES, "100"));
        t.addPeer(PEER, List.of(deadUrl()));
        t.send(probes(ME, PEER, 1, 0, 250));
        assertEquals(100, t.queuedMessages(PEER));
        inbound.awaitUnreachable(PEER);
    }

    @Test
    void theByteBoundHoldsExactlyWhileThePeerIsDown() throws Exception {
        long byteBound = MAX_MESSAGE_BYTES + Frames.HEADER_BYTES; // the least the provider accepts
        TcpTransport t = started(ME, Map.of(TcpTransportProvider.MAX_QUEUED_BYTES, Long.toString(byteBound)));
        t.addPeer(PEER, List.of(deadUrl()));
        Message kib = new Propose(ME, PEER, 1, Entry.Type.NORMAL, List.of(Bytes.wrap(new byte[1024])));
        int frameBytes = Frames.message(kib).length;
        List<Message> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) flood.add(kib);
        t.send(flood);
        assertEquals(byteBound / frameBytes, t.queuedMessages(PEER));
        inbound.awaitUnreachable(PEER);
    }

    @Test
    void aMessageClaimingAnotherSenderIsNeverSent() {
        RecordingInbound peerInbound = new RecordingInbound();
        TcpTransport peer = started(PEER, Map.of(), peerInbound);
        TcpTransport me = started(ME, Map.of());
        me.addPeer(PEER, List.of(URI.create("http://127.0.0.1:" + peer.boundAddresses().getFirst().getPort())));
        me.send(List.of(probe(ME + 1, PEER, 1, 0), probe(ME, PEER, 1, 1)));
        assertEquals(List.of(probe(ME, PEER, 1, 1)), peerInbound.awaitFrom(ME, 1));
        assertTrue(peerInbound.receivedFrom(ME + 1).isEmpty());
        assertEquals(0, inbound.unreachableReports(PEER), "the connection must not have been dropped");
    }

    private TcpTransport started(long id, Map<String, String> keys) {
        return started(id, keys, inbound);
    }

    private TcpTransport started(long id, Map<String, String> keys, RecordingInbound into) {
        TcpTransport t = (TcpTransport) new TcpTransportProvider().create(new DefaultsPluginConfig(TcpTransportProvider.TYPE, keys),
                new TransportProvider.Context(id, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        opened.add(t);
        t.start(into);
        return t;
    }

    /** A loopback URL nobody listens on. */
    private static URI deadUrl() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return URI.create("http://127.0.0.1:" + probe.getLocalPort());
        }
    }
}
