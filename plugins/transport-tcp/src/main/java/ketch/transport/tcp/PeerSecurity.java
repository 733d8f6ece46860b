package ketch.transport.tcp;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import ketch.api.spi.PeerTls;
import ketch.api.spi.PluginConfigException;

/**
 * What a connection proves before messages flow: the cluster id its hello announces and, on
 * {@code https://} peer URLs, TLS (with the dialer's certificate required when
 * {@code peer-client-cert-auth} is on). A failed TLS handshake closes the connection, logged.
 */
final class PeerSecurity {
    private static final Logger LOG = Logger.getLogger(PeerSecurity.class.getName());
    static final PeerSecurity PLAIN = new PeerSecurity(0, PeerTls.none(), Optional.empty());

    private final long clusterId;
    private final PeerTls tls;
    private final Optional<SSLContext> context;

    private PeerSecurity(long clusterId, PeerTls tls, Optional<SSLContext> context) {
        this.clusterId = clusterId;
        this.tls = tls;
        this.context = context;
    }

    /**
     * Reads the TLS files now (so a bad one stops the start, naming key and file) and checks that
     * every https listen URL has a certificate to serve.
     */
    static PeerSecurity of(long clusterId, PeerTls tls, List<URI> listenUrls) {
        for (URI url : listenUrls) {
            if (PeerUrl.isTls(url) && !tls.enabled()) {
                throw new PluginConfigException("listen-peer-urls: " + url + " is a TLS URL but " + PeerTls.CERT_FILE + " and "
                        + PeerTls.KEY_FILE + " are not set");
            }
        }
        boolean configured = tls.enabled() || tls.trustedCaFile().isPresent();
        return new PeerSecurity(clusterId, tls, configured ? Optional.of(tls.sslContext()) : Optional.empty());
    }

    long clusterId() {
        return clusterId;
    }

    /** Puts TLS in front of an accepted connection's pipeline. */
    void secureAccepted(Channel ch, long memberId) {
        SslHandler handler = new SslHandler(tls.serverEngine(context.orElseThrow()));
        ch.pipeline().addFirst("tls", handler);
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warning(() -> "member " + AcceptedConnection.hex(memberId) + ": refusing peer connection from " + ch.remoteAddress()
                        + ": TLS handshake failed: " + reason(f.cause()));
            }
        });
    }

    /** Puts TLS in front of a dialed connection's pipeline; the peer's certificate must name {@code target}'s host. */
    void secureDialed(Channel ch, long memberId, long peerId, InetSocketAddress target) {
        SSLContext ssl = context.orElseGet(PeerSecurity::jdkDefault);
        SslHandler handler = new SslHandler(tls.clientEngine(ssl, target.getHostString(), target.getPort()));
        ch.pipeline().addFirst("tls", handler);
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warning(() -> "member " + AcceptedConnection.hex(memberId) + ": TLS handshake with member " + AcceptedConnection.hex(peerId)
                        + " at " + target.getHostString() + ":" + target.getPort() + " failed: " + reason(f.cause()));
            }
        });
    }

    /** True for a failed TLS handshake or record, which the handshake listener has logged already. */
    static boolean isTlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) return true;
        }
        return false;
    }

    private static SSLContext jdkDefault() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root == cause ? String.valueOf(cause) : cause + " (" + root + ")";
    }
}
