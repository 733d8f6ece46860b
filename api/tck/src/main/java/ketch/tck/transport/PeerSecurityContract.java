package ketch.tck.transport;

import static ketch.tck.transport.SampleMessages.probe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.spi.PeerTls;
import ketch.api.spi.PluginConfigException;
import ketch.api.spi.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a transport proves about a peer before delivering its messages: mutual TLS on TLS peer
 * URLs (a dialer with no certificate, or one from another CA, is refused) and the cluster id of
 * the handshake (a member of another cluster is refused). Needs the {@code openssl} command for
 * its throw-away certificates; skipped without it.
 */
public abstract class PeerSecurityContract {
    private static final long A = 0x8a3f_11c2_07d4_e5b1L;
    private static final long B = 0x1b2c_3d4e_5f60_7182L;
    private static final long CLUSTER = 0x5e2a_0000_1111_2222L;
    private static final long OTHER_CLUSTER = 0x5e2a_0000_1111_2223L;

    private static TestCertificates ca;
    private static TestCertificates strangerCa;
    private static PeerTls.Pair aPair;
    private static PeerTls.Pair bPair;
    private static PeerTls.Pair strangerPair;

    private final List<Transport> opened = new ArrayList<>();

    /** A new, not yet started transport; {@code listenUrl} is {@link #plainUrl} or {@link #tlsUrl}. */
    protected abstract Transport create(long memberId, URI listenUrl, long clusterId, PeerTls tls);

    /** The transport's TLS URL scheme for a loopback port (https; wss is also valid for websocket). */
    protected URI tlsUrl(int port) {
        return URI.create("https://127.0.0.1:" + port);
    }

    protected URI plainUrl(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    @BeforeAll
    static void certificates() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "the openssl command is needed to make test certificates");
        Path dir = Files.createTempDirectory("ketch-tls-contract");
        ca = TestCertificates.newCa(dir, "ketch");
        strangerCa = TestCertificates.newCa(dir, "stranger");
        aPair = ca.issue("a");
        bPair = ca.issue("b");
        strangerPair = strangerCa.issue("stranger");
    }

    private record Peer(long id, URI url, Transport transport, RecordingInbound inbound) {}

    private Peer start(long id, URI url, long clusterId, PeerTls tls) {
        Transport t = create(id, url, clusterId, tls);
        opened.add(t);
        RecordingInbound inbound = new RecordingInbound();
        t.start(inbound);
        return new Peer(id, url, t, inbound);
    }

    @AfterEach
    final void closeTransports() {
        for (Transport t : opened.reversed()) t.close();
        opened.clear();
    }

    @Test
    public void membersWithCertificatesOfTheTrustedCaTalkOverMutualTls() {
        Peer a = start(A, tlsUrl(freePort()), CLUSTER, ca.mutual(aPair));
        Peer b = start(B, tlsUrl(freePort()), CLUSTER, ca.mutual(bPair));
        a.transport.addPeer(B, List.of(b.url));
        b.transport.addPeer(A, List.of(a.url));
        sendUntilDelivered(a, b);
        sendUntilDelivered(b, a);
    }

    @Test
    public void aDialerWithoutACertificateIsRefused() {
        Peer b = start(B, tlsUrl(freePort()), CLUSTER, ca.mutual(bPair));
        // trusts the CA, so it would talk to b, but has nothing to show
        Peer a = start(A, plainUrl(freePort()), CLUSTER, new PeerTls(Optional.empty(), Optional.empty(), Optional.of(ca.caFile()), false));
        assertRefused(a, b);
    }

    @Test
    public void aDialerWithACertificateOfAnotherCaIsRefused() {
        Peer b = start(B, tlsUrl(freePort()), CLUSTER, ca.mutual(bPair));
        Peer a = start(A, tlsUrl(freePort()), CLUSTER, new PeerTls(Optional.of(strangerPair.certFile()), Optional.of(strangerPair.keyFile()),
                Optional.of(ca.caFile()), true));
        assertRefused(a, b);
    }

    @Test
    public void aListenerWhoseCertificateIsNotTrustedIsNotSentTo() {
        Peer b = start(B, tlsUrl(freePort()), CLUSTER, new PeerTls(Optional.of(strangerPair.certFile()), Optional.of(strangerPair.keyFile()),
                Optional.of(strangerCa.caFile()), false));
        Peer a = start(A, tlsUrl(freePort()), CLUSTER, ca.mutual(aPair));
        assertRefused(a, b);
    }

    @Test
    public void aMemberOfAnotherClusterIsRefused() {
        Peer b = start(B, plainUrl(freePort()), CLUSTER, PeerTls.none());
        Peer a = start(A, plainUrl(freePort()), OTHER_CLUSTER, PeerTls.none());
        assertRefused(a, b);
    }

    @Test
    public void aMemberThatDoesNotKnowItsClusterYetIsAccepted() {
        Peer b = start(B, plainUrl(freePort()), CLUSTER, PeerTls.none());
        Peer a = start(A, plainUrl(freePort()), 0, PeerTls.none());
        a.transport.addPeer(B, List.of(b.url));
        sendUntilDelivered(a, b);
    }

    @Test
    public void aTlsListenUrlWithoutACertificateIsRefusedAtCreate() {
        URI url = tlsUrl(freePort());
        var e = assertThrows(PluginConfigException.class, () -> create(A, url, CLUSTER, PeerTls.none()));
        assertTrue(e.getMessage().contains(url.toString()) && e.getMessage().contains(PeerTls.CERT_FILE), e.getMessage());
        Path missing = ca.caFile().resolveSibling("missing.key");
        var f = assertThrows(PluginConfigException.class,
                () -> create(A, url, CLUSTER, PeerTls.mutual(aPair.certFile(), missing, ca.caFile())));
        assertTrue(f.getMessage().startsWith(PeerTls.KEY_FILE + ": " + missing), f.getMessage());
    }

    /** {@code a} dials {@code b} and keeps sending; it sees its connection fail again and again, and nothing arrives. */
    private static void assertRefused(Peer a, Peer b) {
        a.transport.addPeer(B, List.of(b.url));
        int stream = 7;
        Patience.await(a.inbound, "member a to see its connections to b fail three times", () -> {
            a.transport.send(List.of(probe(A, B, stream, 0)));
            return a.inbound.unreachableReports(B) >= 3;
        }, () -> a.inbound.unreachableReports(B) + " reports");
        assertEquals(List.of(), b.inbound.received(), "messages b accepted from a refused dialer");
    }

    private static void sendUntilDelivered(Peer from, Peer to) {
        Patience.await(to.inbound, "a probe from " + Long.toHexString(from.id) + " to arrive", () -> {
            from.transport.send(List.of(probe(from.id, to.id, 1, 0)));
            return !to.inbound.receivedFrom(from.id).isEmpty();
        }, () -> "none");
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
