package ketch.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer TLS settings: which combinations are refused, and errors that name the key and file. */
class PeerTlsTest {
    @TempDir
    Path dir;

    @Test
    void incompleteSettingsAreRefusedNamingTheMissingKey() {
        Path f = dir.resolve("x.pem");
        var certOnly = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.of(f), Optional.empty(), Optional.empty(), false));
        assertTrue(certOnly.getMessage().contains("peer-key-file is not"), certOnly.getMessage());
        var keyOnly = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.empty(), Optional.of(f), Optional.empty(), false));
        assertTrue(keyOnly.getMessage().contains("peer-cert-file is not"), keyOnly.getMessage());
        var noCa = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.of(f), Optional.of(f), Optional.empty(), true));
        assertTrue(noCa.getMessage().contains("peer-trusted-ca-file"), noCa.getMessage());
        assertFalse(PeerTls.none().enabled());
    }

    @Test
    void aMissingFileIsNamedWithItsKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), PemTest.pem("CERTIFICATE", PemTest.jdkCertificates().getFirst().getEncoded()));
        Path missingKey = dir.resolve("nokey.pem");
        var e = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.of(cert), Optional.of(missingKey), Optional.empty(), false).sslContext());
        assertEquals("peer-key-file: " + missingKey + " does not exist or is not a file", e.getMessage());
        Path missingCa = dir.resolve("noca.pem");
        var ca = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.empty(), Optional.empty(), Optional.of(missingCa), false).sslContext());
        assertTrue(ca.getMessage().startsWith("peer-trusted-ca-file: " + missingCa), ca.getMessage());
    }

    @Test
    void aKeyThatCannotBelongToTheCertificateIsRefused() throws Exception {
        Path cert = Files.writeString(dir.resolve("rsa-cert.pem"), PemTest.pem("CERTIFICATE", PemTest.jdkCertificates().getFirst().getEncoded()));
        Path ecKey = Files.writeString(dir.resolve("ec.key"), PemTest.pem("PRIVATE KEY", KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded()));
        var e = assertThrows(PluginConfigException.class, () -> new PeerTls(Optional.of(cert), Optional.of(ecKey), Optional.empty(), false).sslContext());
        assertTrue(e.getMessage().startsWith("peer-key-file: " + ecKey) && e.getMessage().contains("must be a pair"), e.getMessage());
    }

    @Test
    void aContextIsBuiltFromPemFiles() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), PemTest.pem("CERTIFICATE", PemTest.jdkCertificates().getFirst().getEncoded()));
        Path key = Files.writeString(dir.resolve("rsa.key"), PemTest.pem("PRIVATE KEY", KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded()));
        SSLContext context = PeerTls.mutual(cert, key, cert).sslContext();
        var server = PeerTls.mutual(cert, key, cert).serverEngine(context);
        assertTrue(server.getNeedClientAuth());
        var client = PeerTls.mutual(cert, key, cert).clientEngine(context, "127.0.0.1", 2380);
        assertEquals("HTTPS", client.getSSLParameters().getEndpointIdentificationAlgorithm());
    }
}
