package ketch.transport.tcp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import ketch.api.spi.PeerTls;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.TestCertificates;
import ketch.tck.transport.TransportContract;
import org.junit.jupiter.api.BeforeAll;

/** The whole transport contract again, every member on an https:// URL with mutual TLS. */
class TcpTlsTransportTest extends TransportContract {
    private static PeerTls tls;

    @BeforeAll
    static void certificates() throws IOException {
        assumeTrue(TestCertificates.opensslAvailable(), "the openssl command is needed to make test certificates");
        TestCertificates ca = TestCertificates.newCa(Files.createTempDirectory("ketch-tcp-tls"), "ketch");
        tls = ca.mutual(ca.issue("member")); // one certificate for every member: the contract is about transport, not identity
    }

    @Override
    protected URI urlFor(int port) {
        return URI.create("https://127.0.0.1:" + port);
    }

    @Override
    protected Transport create(long memberId, URI listenUrl) {
        var config = new DefaultsPluginConfig(TcpTransportProvider.TYPE, Map.of(
                TcpTransportProvider.MAX_QUEUED_MESSAGES, Integer.toString(TcpTransportTest.QUEUE_BOUND),
                TcpTransportProvider.RECONNECT_BACKOFF_MAX, "250"));
        return new TcpTransportProvider().create(config, new TransportProvider.Context(memberId, List.of(listenUrl), MAX_MESSAGE_BYTES, 0, tls));
    }

    @Override
    protected int maxQueuedMessages() {
        return TcpTransportTest.QUEUE_BOUND;
    }
}
