package ketch.transport.websocket;

import static ketch.tck.transport.SampleMessages.probe;
import static ketch.tck.transport.SampleMessages.probes;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import ketch.tck.transport.Patience;
import ketch.tck.transport.RecordingInbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-peer queue while a peer is down (both bounds hold exactly), and what close() leaves behind. */
class WebSocketQueueTest {
    private static final long ME = -77;
    private static final long PEER = 0x7000_0000_0000_0001L;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final RecordingInbound inbound = new RecordingInbound();
    private final List<WebSocketTransport> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(WebSocketTransport::close);
    }

    @Test
    void theMessageBoundHoldsExactlyWhileThePeerIsDown() throws Exception {
        WebSocketTransport t = started(ME, Map.of(WebSocketTransportProvider.MAX_QUEUED_MESSAGES, "100"), inbound);
        t.addPeer(PEER, List.of(deadUrl()));
        t.send(probes(ME, PEER, 1, 0, 250));
        assertEquals(100, t.queuedMessages(PEER));
        inbound.awaitUnreachable(PEER);
    }

    @Test
    void theByteBoundHoldsExactlyWhileThePeerIsDown() throws Exception {
        long byteBound = Frames.recordBytes(MAX_MESSAGE_BYTES); // the least the provider accepts
        WebSocketTransport t = started(ME, Map.of(WebSocketTransportProvider.MAX_QUEUED_BYTES, Long.toString(byteBound)), inbound);
        t.addPeer(PEER, List.of(deadUrl()));
        Message kib = new Propose(ME, PEER, 1, Entry.Type.NORMAL, List.of(Bytes.wrap(new byte[1024])));
        int recordBytes = Frames.record(kib).length;
        List<Message> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) flood.add(kib);
        t.send(flood);
        assertEquals(byteBound / recordBytes, t.queuedMessages(PEER));
        inbound.awaitUnreachable(PEER);
    }

    @Test
    void closeEndsEveryThreadOfTheTransportAndTheLibrary() {
        RecordingInbound peerInbound = new RecordingInbound();
        WebSocketTransport a = started(ME, Map.of(), inbound);
        WebSocketTransport b = started(PEER, Map.of(), peerInbound);
        a.addPeer(PEER, List.of(url(b)));
        b.addPeer(ME, List.of(url(a)));
        a.send(List.of(probe(ME, PEER, 1, 0)));
        b.send(List.of(probe(PEER, ME, 1, 0)));
        peerInbound.awaitFrom(ME, 1);
        inbound.awaitFrom(PEER, 1);
        a.close();
        b.close();
        // threads end on their own once their sockets close; the wait re-checks, it does not sleep a fixed time
        Object never = new Object();
        Patience.await(never, "the transports' threads to end", () -> liveThreads().isEmpty(), () -> "still alive: " + liveThreads());
    }

    private static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("WebSocket") || n.startsWith("connectionLostChecker") || n.startsWith("ketch-ws-"))
                .sorted().toList();
    }

    private WebSocketTransport started(long id, Map<String, String> keys, RecordingInbound into) {
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE, keys);
        WebSocketTransport t = (WebSocketTransport) new WebSocketTransportProvider().create(config,
                new TransportProvider.Context(id, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        opened.add(t);
        t.start(into);
        return t;
    }

    private static URI url(WebSocketTransport t) {
        return URI.create("http://127.0.0.1:" + t.boundAddresses().getFirst().getPort());
    }

    /** A loopback URL nobody listens on. */
    private static URI deadUrl() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return URI.create("http://127.0.0.1:" + probe.getLocalPort());
        }
    }
}
