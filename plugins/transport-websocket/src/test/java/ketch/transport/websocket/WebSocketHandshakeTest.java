package ketch.transport.websocket;

import static ketch.tck.transport.SampleMessages.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import ketch.api.raft.Message;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.Patience;
import ketch.tck.transport.RecordingInbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The websocket wire protocol seen from a raw socket: the upgrade with its hello headers, binary
 * frames of records, the library's frame limit, and the refusals. The connect timeout is long, so
 * a refused connection must be closed by the refusal itself, not by the upgrade deadline.
 */
class WebSocketHandshakeTest {
    private static final long ME = 0xC0FF_EE00_0000_0001L;
    private static final long PEER = 42;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int LONG_TIMEOUT_MILLIS = 60_000;

    private final RecordingInbound inbound = new RecordingInbound();
    private WebSocketTransport transport;
    private InetSocketAddress address;

    private void start(int connectTimeoutMillis) {
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE,
                Map.of(WebSocketTransportProvider.CONNECT_TIMEOUT, Integer.toString(connectTimeoutMillis)));
        transport = (WebSocketTransport) new WebSocketTransportProvider().create(config,
                new TransportProvider.Context(ME, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        transport.start(inbound);
        address = transport.boundAddresses().getFirst();
    }

    @AfterEach
    void close() {
        if (transport != null) transport.close();
    }

    @Test
    void anUpgradeThenBinaryFramesAreDelivered() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        try (Socket s = dial()) {
            assertTrue(upgrade(s, PeerUrl.PATH, helloHeaders(PEER, ME)).startsWith("HTTP/1.1 101"));
            // one frame with two records, then a frame with one
            s.getOutputStream().write(binaryFrame(payload(probe(PEER, ME, 1, 0), probe(PEER, ME, 1, 1))));
            s.getOutputStream().write(binaryFrame(payload(probe(PEER, ME, 1, 2))));
            assertEquals(List.of(probe(PEER, ME, 1, 0), probe(PEER, ME, 1, 1), probe(PEER, ME, 1, 2)), inbound.awaitFrom(PEER, 3));
        }
    }

    @Test
    void anUpgradeOfAnotherPathIsRefusedAtOnce() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertUpgradeRefused("/", helloHeaders(PEER, ME));
    }

    @Test
    void anUpgradeForAnotherMemberIsRefusedAtOnce() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertUpgradeRefused(PeerUrl.PATH, helloHeaders(PEER, ME + 1));
        assertUpgradeRefused(PeerUrl.PATH, helloHeaders(ME, ME));
    }

    @Test
    void anUpgradeWithoutHelloOrOfAnotherWireVersionIsRefusedAtOnce() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertUpgradeRefused(PeerUrl.PATH, "");
        assertUpgradeRefused(PeerUrl.PATH, helloHeaders(PEER, ME).replace(Hello.WIRE + ": 2", Hello.WIRE + ": 1"));
    }

    @Test
    void aPlainHttpRequestIsAnsweredAndClosedAtOnce() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        try (Socket s = dial()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: ketch\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByRemote(s);
        }
    }

    @Test
    void aConnectionThatNeverUpgradesIsClosedAfterTheConnectTimeout() throws IOException {
        start(300);
        try (Socket s = dial()) {
            s.getOutputStream().write("GET /ketch/raft HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedByRemote(s);
        }
    }

    @Test
    void anEndlessUpgradeRequestIsCutOffBeforeItIsBuffered() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        try (Socket s = dial()) {
            byte[] junk = new byte[GuardedChannel.MAX_UPGRADE_BYTES / 4];
            java.util.Arrays.fill(junk, (byte) 'a');
            try {
                s.getOutputStream().write("GET /ketch/raft HTTP/1.1\r\nX-Long: ".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 8; i++) s.getOutputStream().write(junk);
            } catch (SocketException e) {
                // reset while writing: refused even sooner
            }
            assertClosedByRemote(s);
        }
    }

    @Test
    void aCorruptedRecordClosesTheConnectionAfterTheRecordsBefore() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        byte[] corrupted = Frames.record(probe(PEER, ME, 1, 1));
        corrupted[corrupted.length - 1] ^= 0x40; // message changed, CRC not
        assertRefusedAfterUpgrade(binaryFrame(payload(probe(PEER, ME, 1, 0))), binaryFrame(ByteBuffer.wrap(corrupted)),
                binaryFrame(payload(probe(PEER, ME, 1, 2))));
        assertEquals(List.of(probe(PEER, ME, 1, 0)), inbound.receivedFrom(PEER), "only the frame before the corrupted one");
    }

    @Test
    void aMessageFromSomeoneElseOrForAnotherMemberIsRefused() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertRefusedAfterUpgrade(binaryFrame(payload(probe(PEER + 1, ME, 1, 0))));
        assertRefusedAfterUpgrade(binaryFrame(payload(probe(PEER, ME + 1, 1, 0))));
        assertTrue(inbound.received().isEmpty());
    }

    @Test
    void aTextFrameIsRefused() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertRefusedAfterUpgrade(frame(0x81, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aFrameOverTheLimitIsRefusedBeforeItsPayloadArrives() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        // a masked binary frame header claiming 2^40 bytes; no payload follows
        ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127)).putLong(1L << 40).putInt(0x01020304);
        assertRefusedAfterUpgrade(header.array());
    }

    @Test
    void theDialerOfAnotherTransportGetsThroughAfterRefusals() throws IOException {
        start(LONG_TIMEOUT_MILLIS);
        assertUpgradeRefused(PeerUrl.PATH, helloHeaders(PEER, ME + 1));
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE, Map.of());
        RecordingInbound dialerInbound = new RecordingInbound();
        try (WebSocketTransport dialer = (WebSocketTransport) new WebSocketTransportProvider().create(config,
                new TransportProvider.Context(PEER, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES))) {
            dialer.start(dialerInbound);
            dialer.addPeer(ME, List.of(URI.create("http://127.0.0.1:" + address.getPort())));
            dialer.send(List.of(probe(PEER, ME, 1, 0), probe(PEER, ME, 1, 1)));
            assertEquals(List.of(probe(PEER, ME, 1, 0), probe(PEER, ME, 1, 1)), inbound.awaitFrom(PEER, 2));
        }
    }

    private Socket dial() throws IOException {
        Socket s = new Socket();
        s.connect(address, (int) Patience.DEFAULT.toMillis());
        s.setSoTimeout((int) Patience.DEFAULT.toMillis());
        return s;
    }

    private void assertUpgradeRefused(String path, String headers) throws IOException {
        try (Socket s = dial()) {
            String status = upgrade(s, path, headers);
            assertTrue(status.startsWith("HTTP/1.1 404"), status);
            assertClosedByRemote(s);
        }
    }

    private void assertRefusedAfterUpgrade(byte[]... frames) throws IOException {
        try (Socket s = dial()) {
            assertTrue(upgrade(s, PeerUrl.PATH, helloHeaders(PEER, ME)).startsWith("HTTP/1.1 101"));
            OutputStream out = s.getOutputStream();
            try {
                for (byte[] f : frames) out.write(f);
            } catch (SocketException e) {
                // closed while writing: refused
            }
            assertClosedByRemote(s);
        }
    }

    private static String helloHeaders(long from, long to) {
        return Hello.FROM + ": " + Hello.hex(from) + "\r\n" + Hello.TO + ": " + Hello.hex(to) + "\r\n" + Hello.CLUSTER + ": 0\r\n" + Hello.WIRE + ": 2\r\n";
    }

    /** Sends an upgrade request and returns the status line of the answer. */
    private String upgrade(Socket s, String path, String extraHeaders) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        String response = head.toString(StandardCharsets.ISO_8859_1);
        return response.lines().findFirst().orElse("");
    }

    private static ByteBuffer payload(Message... messages) {
        List<byte[]> records = List.of(messages).stream().map(Frames::record).toList();
        return Frames.payload(records, records.stream().mapToInt(r -> r.length).sum());
    }

    private static byte[] binaryFrame(ByteBuffer payload) {
        return frame(0x82, payload);
    }

    /** A final, masked client frame with opcode byte {@code first}. */
    private static byte[] frame(int first, ByteBuffer payload) {
        int n = payload.remaining();
        ByteBuffer out = ByteBuffer.allocate(14 + n);
        out.put((byte) first);
        if (n < 126) {
            out.put((byte) (0x80 | n));
        } else if (n < 65536) {
            out.put((byte) (0x80 | 126)).putShort((short) n);
        } else {
            out.put((byte) (0x80 | 127)).putLong(n);
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        out.put(mask);
        for (int i = 0; i < n; i++) out.put((byte) (payload.get(payload.position() + i) ^ mask[i % 4]));
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** Reads until the transport closes {@code s}; fails if it stays open past the patience. */
    private static void assertClosedByRemote(Socket s) throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (s.getInputStream().read(sink) >= 0) {
                // a refusal page or a close frame may come first; only the close counts
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open " + Patience.DEFAULT.toMillis() + " ms");
        } catch (SocketException e) {
            // reset: closed too
        }
    }
}
