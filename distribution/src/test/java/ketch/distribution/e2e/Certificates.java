package ketch.distribution.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away certificates for the TLS end-to-end test, made with the openssl command (the same
 * recipe as docs/cluster.md): a CA, and member certificates it signs for 127.0.0.1, with PKCS#8
 * keys. (The TCK has the same helper; this module's architecture rules scan only its own classes.)
 */
final class Certificates {
    private final Path dir;
    private final String ca;

    private Certificates(Path dir, String ca) {
        this.dir = dir;
        this.ca = ca;
    }

    static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Certificates newCa(Path dir, String name) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + "-ca.key",
                "-out", name + "-ca.pem", "-days", "2", "-subj", "/CN=" + name + " test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new Certificates(dir, name);
    }

    Path caFile() {
        return dir.resolve(ca + "-ca.pem");
    }

    /** Issues {@code name}.pem and {@code name}.key for 127.0.0.1; returns the certificate's path. */
    Path issue(String name) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n");
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + name);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + "-ca.pem", "-CAkey", ca + "-ca.key", "-set_serial",
                Long.toString(System.nanoTime() & Long.MAX_VALUE), "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        return dir.resolve(name + ".pem");
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(command + " failed: " + out);
    }
}
