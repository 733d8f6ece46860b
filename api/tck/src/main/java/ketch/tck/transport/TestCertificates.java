package ketch.tck.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ketch.api.spi.PeerTls;

/**
 * Throw-away test certificates made with the {@code openssl} command in a directory: one CA and
 * any number of member certificates it signs (EC P-256, PKCS#8 keys, valid for 127.0.0.1 and
 * localhost, for both server and client use). Nothing here is ever committed; every run makes new ones.
 */
public final class TestCertificates {
    private final Path dir;
    private final String caName;

    private TestCertificates(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** True when the {@code openssl} command runs here; TLS tests are skipped without it. */
    public static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A new CA named {@code caName} with its certificate and key in {@code dir}. */
    public static TestCertificates newCa(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates ca = new TestCertificates(dir, caName);
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", caName + "-ca.key", "-out", caName + "-ca.pem", "-days", "2", "-subj", "/CN=" + caName + " test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** The CA's certificate (for {@code peer-trusted-ca-file}). */
    public Path caFile() {
        return dir.resolve(caName + "-ca.pem");
    }

    /** A member certificate signed by this CA, for 127.0.0.1 and localhost. */
    public PeerTls.Pair issue(String name) {
        Path ext = dir.resolve(name + ".ext");
        try {
            Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", caName + "-ca.pem", "-CAkey", caName + "-ca.key",
                "-set_serial", Long.toString(System.nanoTime() & Long.MAX_VALUE), "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        return new PeerTls.Pair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    /** Mutual TLS for a member with {@code pair}, trusting this CA only. */
    public PeerTls mutual(PeerTls.Pair pair) {
        return PeerTls.mutual(pair.certFile(), pair.keyFile(), caFile());
    }

    private static void openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}
