package ketch.api.spi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The peer TLS settings, under etcd's names: {@code peer-cert-file} and {@code peer-key-file}
 * (this member's certificate chain and PKCS#8 key, presented as server and as client),
 * {@code peer-trusted-ca-file} (the CAs a peer's certificate must chain to; the JDK's default
 * trust store when absent) and {@code peer-client-cert-auth} (an accepted connection must present
 * a certificate signed by a trusted CA). Transports use TLS on {@code https://} peer URLs.
 */
public record PeerTls(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> trustedCaFile, boolean clientCertAuth) {
    public static final String CERT_FILE = "peer-cert-file";
    public static final String KEY_FILE = "peer-key-file";
    public static final String TRUSTED_CA_FILE = "peer-trusted-ca-file";
    public static final String CLIENT_CERT_AUTH = "peer-client-cert-auth";

    private static final PeerTls NONE = new PeerTls(Optional.empty(), Optional.empty(), Optional.empty(), false);

    /** Checks the combination; files are read by {@link #sslContext()}. */
    public PeerTls {
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new PluginConfigException(certFile.isPresent() ? CERT_FILE + " is set but " + KEY_FILE + " is not; set both"
                    : KEY_FILE + " is set but " + CERT_FILE + " is not; set both");
        }
        if (clientCertAuth && trustedCaFile.isEmpty()) {
            throw new PluginConfigException(CLIENT_CERT_AUTH + " is true but " + TRUSTED_CA_FILE + " is not set; name the CA that signs the peers' certificates");
        }
        if (clientCertAuth && certFile.isEmpty()) {
            throw new PluginConfigException(CLIENT_CERT_AUTH + " is true but " + CERT_FILE + " and " + KEY_FILE + " are not set");
        }
    }

    /** A certificate chain file and its key file, as a member presents them. */
    public record Pair(Path certFile, Path keyFile) {}

    /** No TLS: plain peer connections only. */
    public static PeerTls none() {
        return NONE;
    }

    /** Mutual TLS with {@code certFile}/{@code keyFile}, trusting only {@code caFile}. */
    public static PeerTls mutual(Path certFile, Path keyFile, Path caFile) {
        return new PeerTls(Optional.of(certFile), Optional.of(keyFile), Optional.of(caFile), true);
    }

    /** True when this member has a certificate, so it can serve {@code https://} peer URLs. */
    public boolean enabled() {
        return certFile.isPresent();
    }

    /**
     * The TLS context for both ends of peer connections, built from the PEM files. Throws
     * {@link PluginConfigException} naming the key and the file when one is missing or unreadable.
     */
    public SSLContext sslContext() {
        try {
            KeyManagerFactory keys = null;
            if (certFile.isPresent()) {
                List<X509Certificate> chain = read(CERT_FILE, certFile.get(), Pem::certificates);
                PrivateKey key = read(KEY_FILE, keyFile.orElseThrow(), Pem::privateKey);
                if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())
                        && !(key.getAlgorithm().startsWith("Ed") && chain.getFirst().getPublicKey().getAlgorithm().startsWith("Ed"))) {
                    throw new PluginConfigException(KEY_FILE + ": " + keyFile.get() + " holds an " + key.getAlgorithm() + " key but the certificate in "
                            + certFile.get() + " is for an " + chain.getFirst().getPublicKey().getAlgorithm() + " key; they must be a pair");
                }
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("peer", key, new char[0], chain.toArray(new X509Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, new char[0]);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustedCaFile.isPresent()) {
                List<X509Certificate> cas = read(TRUSTED_CA_FILE, trustedCaFile.get(), Pem::certificates);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("ca-" + i, cas.get(i));
                trust.init(store);
            } else {
                trust.init((KeyStore) null); // the JDK's default CAs, as etcd uses the system's
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new PluginConfigException("peer TLS: cannot build the TLS context from " + certFile.map(Path::toString).orElse("(no certificate)")
                    + ": " + e.getMessage());
        }
    }

    /** A server-side engine: asks for (and with {@link #clientCertAuth} requires) the dialer's certificate. */
    public SSLEngine serverEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(clientCertAuth);
        return engine;
    }

    /** A client-side engine for dialing {@code host:port}; the peer's certificate must name {@code host}. */
    public SSLEngine clientEngine(SSLContext context, String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static <T> T read(String key, Path file, java.util.function.Function<Path, T> reader) {
        if (!Files.isRegularFile(file)) throw new PluginConfigException(key + ": " + file + " does not exist or is not a file");
        try {
            return reader.apply(file);
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException(key + ": " + e.getMessage());
        }
    }
}
