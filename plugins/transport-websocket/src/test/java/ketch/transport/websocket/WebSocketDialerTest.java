package ketch.transport.websocket;

import static ketch.tck.transport.SampleMessages.probe;
import static ketch.tck.transport.SampleMessages.probes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ketch.api.raft.Message;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.Patience;
import ketch.tck.transport.RecordingInbound;
import ketch.tck.transport.SampleMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dialing side against a hand-written acceptor on a raw server socket: the upgrade request it
 * sends, how queued messages are packed into frames, and what it does with a refused upgrade.
 * Messages are queued before the acceptor answers, so the packing is deterministic.
 */
class WebSocketDialerTest {
    private static final long ME = -77;
    private static final long PEER = 0x7000_0000_0000_0001L;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final RecordingInbound inbound = new RecordingInbound();
    private WebSocketTransport transport;
    private ServerSocket acceptor;

    @BeforeEach
    void start() throws IOException {
        acceptor = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor.setSoTimeout((int) Patience.DEFAULT.toMillis());
        // a long connect timeout: whatever happens within the patience is not the dial deadline
        var config = new DefaultsPluginConfig(WebSocketTransportProvider.TYPE, Map.of(WebSocketTransportProvider.CONNECT_TIMEOUT, "60000"));
        transport = (WebSocketTransport) new WebSocketTransportProvider().create(config,
                new TransportProvider.Context(ME, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        transport.start(inbound);
        transport.addPeer(PEER, List.of(URI.create("http://127.0.0.1:" + acceptor.getLocalPort())));
    }

    @AfterEach
    void close() throws IOException {
        transport.close();
        acceptor.close();
    }

    @Test
    void theUpgradeCarriesTheHelloOnTheFixedPathAndQueuedMessagesLeaveAsOneFrame() throws Exception {
        List<Message> sent = probes(ME, PEER, 1, 0, 100);
        transport.send(sent);
        try (Socket s = acceptor.accept()) {
            List<String> request = readHead(s.getInputStream());
            assertEquals("GET /ketch/raft HTTP/1.1", request.getFirst());
            assertEquals(Hello.hex(ME), header(request, Hello.FROM));
            assertEquals(Hello.hex(PEER), header(request, Hello.TO));
            assertEquals("0", header(request, Hello.CLUSTER)); // the test context announces no cluster
            assertEquals("2", header(request, Hello.WIRE));
            accept(s, header(request, "Sec-WebSocket-Key"));
            assertEquals(sent, Frames.messages(readBinaryFrame(s), MAX_MESSAGE_BYTES));
        }
    }

    @Test
    void aFrameNeverExceedsOneLargestRecord() throws Exception {
        Message big1 = SampleMessages.bigAppend(ME, PEER, 1, 40 * 1024);
        Message big2 = SampleMessages.bigAppend(ME, PEER, 2, 20 * 1024);
        transport.send(List.of(big1, big2, probe(ME, PEER, 1, 0), probe(ME, PEER, 1, 1)));
        try (Socket s = acceptor.accept()) {
            List<String> request = readHead(s.getInputStream());
            accept(s, header(request, "Sec-WebSocket-Key"));
            assertEquals(List.of(big1), Frames.messages(readBinaryFrame(s), MAX_MESSAGE_BYTES));
            assertEquals(List.of(big2, probe(ME, PEER, 1, 0), probe(ME, PEER, 1, 1)), Frames.messages(readBinaryFrame(s), MAX_MESSAGE_BYTES));
        }
    }

    @Test
    void aRefusedUpgradeIsReportedAndRedialedWithoutWaitingForTheTimeout() throws Exception {
        transport.send(List.of(probe(ME, PEER, 1, 0)));
        try (Socket refused = acceptor.accept()) {
            readHead(refused.getInputStream());
            // refuse, and keep the socket open as the library's own server does
            refused.getOutputStream().write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            inbound.awaitUnreachable(PEER);
            try (Socket again = acceptor.accept()) {
                assertEquals("GET /ketch/raft HTTP/1.1", readHead(again.getInputStream()).getFirst());
            }
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed inside the request head: " + head.toString(StandardCharsets.ISO_8859_1));
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1).lines().toList();
    }

    private static String header(List<String> head, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return head.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " header in " + head));
    }

    private static void accept(Socket s, String key) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
        s.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads one final masked binary frame (as every client frame is masked) and returns its payload. */
    private static ByteBuffer readBinaryFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int first = in.readUnsignedByte();
        assertEquals(0x82, first, "a final binary frame");
        int second = in.readUnsignedByte();
        assertTrue((second & 0x80) != 0, "client frames are masked");
        long length = second & 0x7F;
        if (length == 126) length = in.readUnsignedShort();
        else if (length == 127) length = in.readLong();
        assertTrue(length <= Frames.recordBytes(MAX_MESSAGE_BYTES), "frame of " + length + " bytes");
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
        return ByteBuffer.wrap(payload);
    }
}
