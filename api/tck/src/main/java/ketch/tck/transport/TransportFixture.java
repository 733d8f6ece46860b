package ketch.tck.transport;

import static ketch.tck.transport.SampleMessages.probe;
import static ketch.tck.transport.SampleMessages.probes;
import static ketch.tck.transport.SampleMessages.seq;
import static ketch.tck.transport.SampleMessages.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;
import org.junit.jupiter.api.AfterEach;

/**
 * The fixture of {@link TransportContract}: members on loopback ports, probes, raw sockets, and
 * bounded waits. A transport's test class extends {@link TransportContract}, implementing
 * {@link #create} and {@link #maxQueuedMessages}.
 *
 * <p>Transports built by {@link #create} must accept messages of {@link #MAX_MESSAGE_BYTES}
 * encoded bytes (and refuse larger ones), and queue at least {@link #BURST} messages per peer.
 */
public abstract class TransportFixture {
    /** The {@code maxMessageBytes} every transport under test is created with. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    /** Messages of the ordering burst; also the least per-peer queue bound the suite needs. */
    public static final int BURST = 10_000;

    private final List<Transport> opened = new ArrayList<>();

    /**
     * A new, not yet started transport for member {@code memberId} listening on {@code listenUrl},
     * with {@code maxMessageBytes} = {@link #MAX_MESSAGE_BYTES} and a per-peer queue bound of
     * {@link #maxQueuedMessages()}.
     */
    protected abstract Transport create(long memberId, URI listenUrl);

    /** The per-peer queue bound of the transports {@link #create} builds; at least {@link #BURST}. */
    protected abstract int maxQueuedMessages();

    /** The listen URL for {@code port} on the loopback address; override for another scheme. */
    protected URI urlFor(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A member of the test: its transport is started and recording into {@code inbound}. */
    protected record Member(long id, URI url, Transport transport, RecordingInbound inbound) {
        public void send(List<Message> batch) {
            transport.send(batch);
        }

        public void knows(Member peer) {
            transport.addPeer(peer.id, List.of(peer.url));
        }
    }

    /** A started member on a fresh port, closed after the test. */
    protected final Member member(long id) {
        return member(id, urlFor(freePort()));
    }

    /** A started member on {@code url} (e.g. the URL of a member that was closed), closed after the test. */
    protected final Member member(long id, URI url) {
        return member(id, url, (transport, message) -> {});
    }

    /**
     * A started member on {@code url} that also hands each message it receives, on the transport's
     * own thread, to {@code onReceive} with its transport (to answer from there, say).
     */
    protected final Member member(long id, URI url, BiConsumer<Transport, Message> onReceive) {
        Transport t = create(id, url);
        opened.add(t);
        RecordingInbound inbound = new RecordingInbound();
        t.start(new Transport.Inbound() {
            @Override
            public void receive(Message message) {
                inbound.receive(message);
                onReceive.accept(t, message);
            }

            @Override
            public void unreachable(long peerId) {
                inbound.unreachable(peerId);
            }
        });
        return new Member(id, url, t, inbound);
    }

    /** Every member learns every other. */
    protected static void connectAll(Member... members) {
        for (Member m : members) {
            for (Member peer : members) {
                if (peer != m) m.knows(peer);
            }
        }
    }

    @AfterEach
    final void closeTransports() {
        List<Throwable> failures = new ArrayList<>();
        for (Transport t : opened.reversed()) {
            try {
                t.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        opened.clear();
        if (!failures.isEmpty()) throw new AssertionError("close() failed", failures.getFirst());
    }

    /** A loopback port nobody listens on right now (a probe socket's port). */
    protected static int freePort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Sends probes of {@code stream} from {@code from} to {@code to} until one arrives; fails after the patience. */
    protected static void sendUntilDelivered(Member from, Member to, int stream) {
        long deadline = System.nanoTime() + Patience.DEFAULT.toNanos();
        for (long seq = 0; System.nanoTime() < deadline; seq++) {
            from.send(List.of(probe(from.id, to.id, stream, seq)));
            if (to.inbound.waitForAny(Duration.ofMillis(100), m -> m.from() == from.id && stream(m) == stream)) return;
        }
        throw new AssertionError("no probe of stream " + stream + " reached member " + Long.toUnsignedString(to.id, 16)
                + " within " + Patience.DEFAULT.toMillis() + " ms");
    }

    /** Asserts the probes of {@code stream} from {@code from} are numbered {@code 0..count-1} in order. */
    protected static void assertProbesInOrder(List<Message> received, int stream, int count) {
        List<Long> seqs = received.stream().filter(m -> stream(m) == stream).map(SampleMessages::seq).toList();
        assertEquals(count, seqs.size(), "probes of stream " + stream);
        for (int i = 0; i < count; i++) {
            if (seqs.get(i) != i) throw new AssertionError("probe " + i + " of stream " + stream + " arrived as number " + seqs.get(i) + " (order broken)");
        }
    }

    /** Asserts the probes of {@code stream} in {@code received} have strictly increasing numbers. */
    protected static void assertIncreasing(List<Message> received, int stream) {
        long last = -1;
        for (Message m : received) {
            if (stream(m) != stream) continue;
            assertTrue(seq(m) > last, "probe " + seq(m) + " of stream " + stream + " arrived after " + last);
            last = seq(m);
        }
    }

    /** Opens a raw socket to {@code member}'s listen port, writes {@code bytes}, and asserts the member closes it. */
    protected static void assertRawInputIsRefused(Member member, byte[] bytes) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(member.url.getHost(), member.url.getPort()), (int) Patience.DEFAULT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            assertClosedByRemote(s, "after " + bytes.length + " bytes starting " + preview(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the other end closes {@code s} (end of stream or reset); fails if it stays open past the patience. */
    protected static void assertClosedByRemote(Socket s, String what) throws IOException {
        s.setSoTimeout((int) Patience.DEFAULT.toMillis());
        InputStream in = s.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // a transport may answer before closing (an HTTP error page, say); only the close counts
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open " + Patience.DEFAULT.toMillis() + " ms " + what);
        } catch (SocketException e) {
            // reset by the peer: closed too
        }
    }

    private static String preview(byte[] bytes) {
        return new String(bytes, 0, Math.min(8, bytes.length), StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?");
    }
}
