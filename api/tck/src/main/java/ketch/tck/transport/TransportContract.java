package ketch.tck.transport;

import static ketch.tck.transport.SampleMessages.everyKind;
import static ketch.tck.transport.SampleMessages.probe;
import static ketch.tck.transport.SampleMessages.probes;
import static ketch.tck.transport.SampleMessages.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.Message;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ketch.api.spi.Transport} must do, over real sockets on the loopback address:
 * deliver every message kind intact and in order per peer, reconnect to a restarted peer, report
 * instead of block when a peer is down, bound what it queues, survive garbage on its port, and
 * treat member ids as arbitrary non-zero 64-bit values.
 */
public abstract class TransportContract extends TransportFixture {
    // etcd member ids are random 64-bit values: about half are negative as a Java long
    private static final long A = 0x8a3f_11c2_07d4_e5b1L;
    private static final long B = 0x1b2c_3d4e_5f60_7182L;
    private static final long C = -3;

    @Test
    public void everyMessageKindRoundTripsBetweenTwoMembers() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        a.send(everyKind(A, B));
        b.send(everyKind(B, A));
        assertEquals(everyKind(A, B), b.inbound().awaitFrom(A, everyKind(A, B).size()));
        assertEquals(everyKind(B, A), a.inbound().awaitFrom(B, everyKind(B, A).size()));
    }

    @Test
    public void threeMembersExchangeEveryMessageKind() {
        Member a = member(A);
        Member b = member(B);
        Member c = member(C);
        List<Member> all = List.of(a, b, c);
        connectAll(a, b, c);
        for (Member from : all) {
            List<Message> batch = new ArrayList<>();
            for (Member to : all) {
                if (to != from) batch.addAll(everyKind(from.id(), to.id()));
            }
            from.send(batch); // one batch interleaving both peers: each must still get its own, in order
        }
        for (Member to : all) {
            for (Member from : all) {
                if (from == to) continue;
                List<Message> expected = everyKind(from.id(), to.id());
                assertEquals(expected, to.inbound().awaitFrom(from.id(), expected.size()), "from " + from.id() + " to " + to.id());
            }
        }
    }

    @Test
    public void negativeMemberIdsWork() {
        Member a = member(Long.MIN_VALUE + 1);
        Member b = member(-1);
        connectAll(a, b);
        a.send(everyKind(a.id(), b.id()));
        b.send(everyKind(b.id(), a.id()));
        assertEquals(everyKind(a.id(), b.id()), b.inbound().awaitFrom(a.id(), everyKind(a.id(), b.id()).size()));
        assertEquals(everyKind(b.id(), a.id()), a.inbound().awaitFrom(b.id(), everyKind(b.id(), a.id()).size()));
    }

    @Test
    public void aBurstArrivesCompleteAndInOrder() {
        assertTrue(maxQueuedMessages() >= BURST, "the suite needs a queue bound of at least " + BURST + ", got " + maxQueuedMessages());
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        int sent = 0;
        for (int size = 1; sent < BURST; size = size % 97 + 1) {
            int n = Math.min(size, BURST - sent);
            a.send(probes(A, B, 1, sent, n));
            sent += n;
        }
        List<Message> got = b.inbound().awaitFrom(A, BURST);
        assertProbesInOrder(got, 1, BURST);
        assertEquals(0, a.inbound().unreachableReports(B), "no message may be dropped on a healthy connection");
    }

    @Test
    public void concurrentSendersKeepTheirOwnOrder() throws InterruptedException {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        int senders = 4;
        int perSender = 1000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 1; s <= senders; s++) {
            int stream = s;
            threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                for (int i = 0; i < perSender; i += 10) a.send(probes(A, B, stream, i, 10));
            }));
        }
        for (Thread t : threads) t.join(Patience.DEFAULT.toMillis());
        List<Message> got = b.inbound().awaitFrom(A, senders * perSender);
        for (int s = 1; s <= senders; s++) assertProbesInOrder(got, s, perSender);
    }

    @Test
    public void aMemberCanAnswerFromInsideReceive() {
        Member a = member(A);
        // the node's raft lane may send while the transport delivers: that must not deadlock
        Member b = member(B, urlFor(freePort()), (transport, m) -> transport.send(List.of(probe(B, A, 1, SampleMessages.seq(m)))));
        connectAll(a, b);
        for (int i = 0; i < 1000; i += 50) a.send(probes(A, B, 1, i, 50));
        assertProbesInOrder(a.inbound().awaitFrom(B, 1000), 1, 1000);
    }

    @Test
    public void largeMessagesAreDelivered() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        AppendEntries append = SampleMessages.bigAppend(A, B, 3, 512 * 1024);
        InstallSnapshot chunk = SampleMessages.bigChunk(A, B, 2 * 1024 * 1024);
        AppendEntries single = SampleMessages.bigAppend(A, B, 1, MAX_MESSAGE_BYTES - 1024);
        a.send(List.of(append, chunk, single, probe(A, B, 1, 0)));
        assertEquals(List.of(append, chunk, single, probe(A, B, 1, 0)), b.inbound().awaitFrom(A, 4));
    }

    @Test
    public void aMessageOverTheLimitIsReportedAndLaterOnesStillArrive() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        AppendEntries tooBig = SampleMessages.bigAppend(A, B, 1, MAX_MESSAGE_BYTES);
        a.send(List.of(tooBig));
        a.inbound().awaitUnreachable(B);
        sendUntilDelivered(a, b, 2);
        assertTrue(b.inbound().received(m -> m instanceof AppendEntries).isEmpty(), "a message over the limit was delivered");
    }

    @Test
    public void aRestartedPeerIsReconnectedAndGetsLaterMessages() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        sendUntilDelivered(a, b, 1);
        sendUntilDelivered(b, a, 1);

        b.transport().close();
        Member restarted = member(B, b.url());
        restarted.knows(a);
        sendUntilDelivered(a, restarted, 2);
        a.send(probes(A, B, 3, 0, 100));
        assertProbesInOrder(awaitStream(restarted, A, 3, 100), 3, 100);
        sendUntilDelivered(restarted, a, 2);
    }

    @Test
    public void aDownPeerIsReportedUnreachableAndSendNeverBlocks() {
        Member a = member(A);
        URI nobody = urlFor(freePort());
        a.transport().addPeer(B, List.of(nobody));
        // TEST-NET-1 (RFC 5737): a dial there may hang until the connect timeout
        a.transport().addPeer(C, List.of(URI.create("http://192.0.2.1:2380")));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            List<Message> batch = new ArrayList<>(probes(A, B, 1, i * 50L, 50));
            batch.addAll(probes(A, C, 1, i * 50L, 50));
            a.send(batch);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "100 sends to down peers took " + took.toMillis() + " ms");
        a.inbound().awaitUnreachable(B);
        a.inbound().awaitUnreachable(C);
    }

    @Test
    public void anUnknownOrRemovedPeerIsReportedUnreachable() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        a.send(List.of(probe(A, 0x77, 1, 0)));
        a.inbound().awaitUnreachable(0x77);

        sendUntilDelivered(a, b, 1);
        a.transport().removePeer(B);
        a.send(List.of(probe(A, B, 2, 0)));
        a.inbound().awaitUnreachable(B);

        a.knows(b);
        sendUntilDelivered(a, b, 3);
    }

    @Test
    public void theQueueBoundHoldsWhileAPeerIsDown() {
        int bound = maxQueuedMessages();
        Member a = member(A);
        URI bUrl = urlFor(freePort());
        a.transport().addPeer(B, List.of(bUrl));
        int flood = 3 * bound;
        for (int sent = 0; sent < flood; sent += 1000) a.send(probes(A, B, 1, sent, Math.min(1000, flood - sent)));
        a.inbound().awaitUnreachable(B);

        Member b = member(B, bUrl);
        b.knows(a);
        sendUntilDelivered(a, b, 2);
        // every flooded message that will ever arrive came before the first stream-2 probe
        List<Message> flooded = b.inbound().received(m -> stream(m) == 1);
        assertTrue(flooded.size() <= bound, flood + " messages flooded at a down peer, " + flooded.size() + " delivered later; the queue bound is " + bound);
        assertIncreasing(flooded, 1);
    }

    @Test
    public void garbageOnTheListenPortClosesThatConnectionOnly() {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        sendUntilDelivered(a, b, 1);

        assertRawInputIsRefused(b, "GET / HTTP/1.1\r\nHost: ketch\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertRawInputIsRefused(b, new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 1, 2, 3, 4, 5, 6, 7, 8});
        assertRawInputIsRefused(b, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});

        a.send(probes(A, B, 2, 0, 10));
        assertProbesInOrder(awaitStream(b, A, 2, 10), 2, 10);
        sendUntilDelivered(b, a, 3);
    }

    @Test
    public void closeReleasesThePortAndIsIdempotent() throws IOException {
        Member a = member(A);
        Member b = member(B);
        connectAll(a, b);
        sendUntilDelivered(a, b, 1);
        b.transport().close();
        b.transport().close();
        b.transport().send(List.of(probe(B, A, 1, 0))); // after close: ignored, no exception
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress(InetAddress.getByName(b.url().getHost()), b.url().getPort()));
        }
    }

    /** Waits for {@code count} probes of {@code stream} from {@code from} at {@code to}. */
    private static List<Message> awaitStream(Member to, long from, int stream, int count) {
        Patience.await(to.inbound(), count + " probes of stream " + stream,
                () -> to.inbound().received(m -> m.from() == from && stream(m) == stream).size() >= count,
                () -> "got " + to.inbound().received(m -> m.from() == from && stream(m) == stream).size());
        return to.inbound().received(m -> m.from() == from && stream(m) == stream);
    }
}
