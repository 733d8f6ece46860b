package ketch.transport.tcp;

import static ketch.tck.transport.SampleMessages.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.Patience;
import ketch.tck.transport.RecordingInbound;
import ketch.tck.transport.SampleMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tcp wire protocol seen from a raw socket: hello first, CRC'd frames, limits, and the refusals. */
class TcpHandshakeTest {
    private static final long ME = 0xC0FF_EE00_0000_0001L;
    private static final long PEER = 42;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final RecordingInbound inbound = new RecordingInbound();
    private TcpTransport transport;
    private InetSocketAddress address;

    @BeforeEach
    void start() {
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of(TcpTransportProvider.CONNECT_TIMEOUT, "300"));
        transport = (TcpTransport) new TcpTransportProvider().create(config,
                new TransportProvider.Context(ME, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        transport.start(inbound);
        address = transport.boundAddresses().getFirst();
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void aHelloThenFramedMessagesAreDelivered() throws IOException {
        try (Socket s = dial()) {
            write(s, Frames.hello(new Hello(PEER, ME)), Frames.message(probe(PEER, ME, 1, 0)), Frames.message(probe(PEER, ME, 1, 1)));
            assertEquals(List.of(probe(PEER, ME, 1, 0), probe(PEER, ME, 1, 1)), inbound.awaitFrom(PEER, 2));
        }
    }

    @Test
    void aHelloForAnotherMemberIsRefused() throws IOException {
        assertRefused(Frames.hello(new Hello(PEER, ME + 1)), Frames.message(probe(PEER, ME, 1, 0)));
    }

    @Test
    void aHelloClaimingToBeThisMemberIsRefused() throws IOException {
        assertRefused(Frames.hello(new Hello(ME, ME)), Frames.message(probe(ME, ME, 1, 0)));
    }

    @Test
    void aHelloWithAnotherMagicOrVersionIsRefused() throws IOException {
        byte[] badMagic = Frames.hello(new Hello(PEER, ME));
        badMagic[Frames.HEADER_BYTES] ^= 0x01;
        resealCrc(badMagic);
        assertRefused(badMagic, Frames.message(probe(PEER, ME, 1, 0)));

        byte[] badVersion = Frames.hello(new Hello(PEER, ME));
        badVersion[Frames.HEADER_BYTES + 4] = 1; // version 1 carried no cluster id
        resealCrc(badVersion);
        assertRefused(badVersion, Frames.message(probe(PEER, ME, 1, 0)));
    }

    @Test
    void aMessageBeforeTheHelloIsRefused() throws IOException {
        assertRefused(Frames.message(probe(PEER, ME, 1, 0)));
    }

    @Test
    void aCorruptedFrameIsRefused() throws IOException {
        byte[] corrupted = Frames.message(probe(PEER, ME, 1, 1));
        corrupted[corrupted.length - 1] ^= 0x40; // payload changed, CRC not
        assertRefused(Frames.hello(new Hello(PEER, ME)), Frames.message(probe(PEER, ME, 1, 0)), corrupted, Frames.message(probe(PEER, ME, 1, 2)));
        assertEquals(List.of(probe(PEER, ME, 1, 0)), inbound.receivedFrom(PEER), "only the frame before the corrupted one");
    }

    @Test
    void aMessageFromSomeoneElseOnThisConnectionIsRefused() throws IOException {
        assertRefused(Frames.hello(new Hello(PEER, ME)), Frames.message(probe(PEER + 1, ME, 1, 0)));
        assertTrue(inbound.received().isEmpty());
    }

    @Test
    void aMessageForAnotherMemberIsRefused() throws IOException {
        assertRefused(Frames.hello(new Hello(PEER, ME)), Frames.message(probe(PEER, ME + 1, 1, 0)));
        assertTrue(inbound.received().isEmpty());
    }

    @Test
    void aFrameWithBytesAfterItsMessageIsRefused() throws IOException {
        byte[] message = Frames.message(probe(PEER, ME, 1, 0));
        byte[] padded = new byte[message.length + 3];
        System.arraycopy(message, 0, padded, 0, message.length);
        ByteBuffer.wrap(padded).putInt(0, padded.length - Frames.HEADER_BYTES);
        resealCrc(padded);
        assertRefused(Frames.hello(new Hello(PEER, ME)), padded);
        assertTrue(inbound.received().isEmpty());
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeItsPayloadArrives() throws IOException {
        byte[] header = ByteBuffer.allocate(Frames.HEADER_BYTES).putInt(MAX_MESSAGE_BYTES + 1).putInt(0).array();
        assertRefused(Frames.hello(new Hello(PEER, ME)), header); // no payload sent: the length alone must do
    }

    @Test
    void aConnectionThatNeverSaysHelloIsClosedAfterTheConnectTimeout() throws IOException {
        try (Socket s = dial()) {
            assertClosedByRemote(s);
        }
    }

    @Test
    void aGoodDialerStillGetsThroughAfterRefusals() throws IOException {
        assertRefused(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        assertRefused(Frames.hello(new Hello(PEER, ME + 1)));
        aHelloThenFramedMessagesAreDelivered();
    }

    @Test
    void theDialerNoticesEveryTimeItsPeerGoesAway() {
        // regression: a connection accepted just before close() once outlived its transport
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of(TcpTransportProvider.RECONNECT_BACKOFF_MAX, "50"));
        RecordingInbound dialerInbound = new RecordingInbound();
        TcpTransport dialer = (TcpTransport) new TcpTransportProvider().create(config,
                new TransportProvider.Context(PEER, List.of(URI.create("http://127.0.0.1:0")), MAX_MESSAGE_BYTES));
        try (dialer) {
            dialer.start(dialerInbound);
            dialer.addPeer(ME, List.of(URI.create("http://127.0.0.1:" + address.getPort())));
            for (int round = 0; round < 10; round++) {
                int stream = round;
                dialer.send(List.of(probe(PEER, ME, stream, 0)));
                inbound.awaitAny("the probe of round " + round, m -> m.from() == PEER && SampleMessages.stream(m) == stream);
                long reportsBefore = dialerInbound.unreachableReports(ME);
                transport.close();
                Patience.await(dialerInbound, "an unreachable report after the peer closed in round " + round,
                        () -> dialerInbound.unreachableReports(ME) > reportsBefore, () -> "none");
                transport = restartOn(address.getPort());
            }
        }
    }

    private TcpTransport restartOn(int port) {
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of());
        TcpTransport t = (TcpTransport) new TcpTransportProvider().create(config,
                new TransportProvider.Context(ME, List.of(URI.create("http://127.0.0.1:" + port)), MAX_MESSAGE_BYTES));
        t.start(inbound);
        return t;
    }

    private Socket dial() throws IOException {
        Socket s = new Socket();
        s.connect(address, (int) Patience.DEFAULT.toMillis());
        return s;
    }

    private static void write(Socket s, byte[]... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] f : frames) all.write(f);
        s.getOutputStream().write(all.toByteArray());
        s.getOutputStream().flush();
    }

    private void assertRefused(byte[]... frames) throws IOException {
        try (Socket s = dial()) {
            write(s, frames);
            assertClosedByRemote(s);
        }
    }

    private static void assertClosedByRemote(Socket s) throws IOException {
        s.setSoTimeout((int) Patience.DEFAULT.toMillis());
        InputStream in = s.getInputStream();
        try {
            assertEquals(-1, in.read(), "the transport never writes on an accepted connection");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open for " + Patience.DEFAULT.toMillis() + " ms");
        } catch (SocketException e) {
            // reset: closed as well
        }
    }

    private static void resealCrc(byte[] frame) {
        var crc = new java.util.zip.CRC32C();
        crc.update(frame, Frames.HEADER_BYTES, frame.length - Frames.HEADER_BYTES);
        ByteBuffer.wrap(frame).putInt(4, (int) crc.getValue());
    }
}
