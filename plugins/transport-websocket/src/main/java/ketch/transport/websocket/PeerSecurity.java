package ketch.transport.websocket;

import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import ketch.api.spi.PeerTls;
import ketch.api.spi.PluginConfigException;

/**
 * What a connection proves before messages flow: the cluster id its hello announces and, on TLS
 * peer URLs ({@code https://}, {@code wss://}), TLS, with the dialer's certificate required when
 * {@code peer-client-cert-auth} is on.
 */
final class PeerSecurity implements AutoCloseable {
    static final PeerSecurity PLAIN = new PeerSecurity(0, PeerTls.none(), Optional.empty());

    private final long clusterId;
    private final PeerTls tls;
    private final Optional<SSLContext> context;
    // the TLS engines' delegated tasks (certificate checks) of accepted connections; made on first use
    private ExecutorService tasks;

    private PeerSecurity(long clusterId, PeerTls tls, Optional<SSLContext> context) {
        this.clusterId = clusterId;
        this.tls = tls;
        this.context = context;
    }

    /** Reads the TLS files now (a bad one stops the start, naming key and file); a TLS listen URL needs a certificate. */
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

    PeerTls tls() {
        return tls;
    }

    SSLContext serverContext() {
        return context.orElseThrow(() -> new IllegalStateException("no peer certificate configured"));
    }

    /** The factory dialers layer TLS with; the JDK's default trust when no TLS key is set. */
    SSLSocketFactory clientSockets() {
        try {
            return context.orElse(SSLContext.getDefault()).getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    synchronized ExecutorService tasks() {
        if (tasks == null) tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ketch-ws-tls-", 0).factory());
        return tasks;
    }

    @Override
    public synchronized void close() {
        if (tasks != null) tasks.shutdownNow();
    }

    /** True for a failed TLS handshake or record. */
    static boolean isTlsFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) return true;
        }
        return false;
    }
}
