package ketch.api.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading PEM certificates and PKCS#8 keys, and the errors that name the file. */
class PemTest {
    @TempDir
    Path dir;

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Two real certificates from the JDK's own trust store. */
    static List<X509Certificate> jdkCertificates() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts").toFile(), (char[]) null);
        List<X509Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(cacerts.aliases()).stream().sorted().toList()) {
            if (cacerts.getCertificate(alias) instanceof X509Certificate c && c.getPublicKey().getAlgorithm().equals("RSA")) out.add(c);
            if (out.size() == 2) break;
        }
        return out;
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aChainIsReadInFileOrder() throws Exception {
        List<X509Certificate> certs = jdkCertificates();
        Path file = write("chain.pem", "leaf first\n" + pem("CERTIFICATE", certs.get(0).getEncoded()) + pem("CERTIFICATE", certs.get(1).getEncoded()));
        assertEquals(certs, Pem.certificates(file));
    }

    @Test
    void pkcs8KeysOfEachAlgorithmAreRead() throws Exception {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            PrivateKey key = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPrivate();
            Path file = write(algorithm + ".key", pem("PRIVATE KEY", key.getEncoded()));
            PrivateKey read = Pem.privateKey(file);
            assertArrayEquals(key.getEncoded(), read.getEncoded(), algorithm);
        }
    }

    @Test
    void damagedOlderKeyFormsAreRefusedWithTheConversionCommand() throws Exception {
        for (String type : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY")) {
            Path file = write("old.key", pem(type, new byte[] {0x30, 0x00}));
            var e = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("openssl pkcs8 -topk8"), e.getMessage());
        }
        Path encrypted = write("enc.key", pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        var e = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(encrypted));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    /** cfssl and OpenSSL's traditional output: RSA in PKCS#1, EC in SEC 1 (after an EC PARAMETERS block). */
    @Test
    void olderKeyFormsAreReadAsTheirPkcs8Conversions() throws Exception {
        assumeTrue(openssl(List.of("version")), "the openssl command makes the legacy keys");
        assertTrue(openssl(List.of("genrsa", "-traditional", "-out", "rsa.key", "2048")));
        assertTrue(openssl(List.of("ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key")));
        for (String name : List.of("rsa.key", "ec.key")) {
            assertTrue(openssl(List.of("pkcs8", "-topk8", "-nocrypt", "-in", name, "-out", name + ".p8")));
            assertTrue(Files.readString(dir.resolve(name)).contains(name.startsWith("rsa") ? "BEGIN RSA PRIVATE KEY" : "BEGIN EC PRIVATE KEY"));
        }
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) Pem.privateKey(dir.resolve("rsa.key"));
        RSAPrivateCrtKey rsaPkcs8 = (RSAPrivateCrtKey) Pem.privateKey(dir.resolve("rsa.key.p8"));
        assertEquals(rsaPkcs8.getModulus(), rsa.getModulus());
        assertEquals(rsaPkcs8.getPrivateExponent(), rsa.getPrivateExponent());
        ECPrivateKey ec = (ECPrivateKey) Pem.privateKey(dir.resolve("ec.key"));
        ECPrivateKey ecPkcs8 = (ECPrivateKey) Pem.privateKey(dir.resolve("ec.key.p8"));
        assertEquals(ecPkcs8.getS(), ec.getS());
        assertEquals(ecPkcs8.getParams().getCurve(), ec.getParams().getCurve());
    }

    private boolean openssl(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void badFilesAreRefusedNamingTheFile() throws Exception {
        Path empty = write("empty.pem", "nothing here\n");
        Path keyOnly = write("key.pem", pem("PRIVATE KEY", KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded()));
        Path damaged = write("damaged.pem", pem("CERTIFICATE", new byte[] {1, 2, 3}));
        Path garbageKey = write("garbage.key", pem("PRIVATE KEY", new byte[] {1, 2, 3}));
        Path missing = dir.resolve("missing.pem");
        for (Path file : List.of(empty, keyOnly, damaged, missing)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Pem.certificates(file));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(garbageKey));
        assertTrue(e.getMessage().startsWith(garbageKey.toString()) && e.getMessage().contains("PKCS#8"), e.getMessage());
        var noKey = assertThrows(IllegalArgumentException.class, () -> Pem.privateKey(damaged));
        assertTrue(noKey.getMessage().contains("no '-----BEGIN PRIVATE KEY-----'"), noKey.getMessage());
    }
}
