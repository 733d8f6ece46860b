package ketch.api.spi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files etcd users hand to {@code peer-cert-file}, {@code peer-key-file} and
 * {@code peer-trusted-ca-file}: X.509 certificates (a chain, leaf first) and an unencrypted
 * private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), or the older PKCS#1 RSA and SEC 1 EC forms
 * that cfssl and OpenSSL's traditional output write. Every failure is an
 * {@link IllegalArgumentException} naming the file.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    // the key algorithms a PKCS#8 key may hold, tried in order (the encoding names its algorithm only as an OID)
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private Pem() {}

    /** Every {@code CERTIFICATE} block of {@code file}, in file order; at least one. */
    public static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block block : blocks(file)) {
            if (!block.type().equals("CERTIFICATE")) continue;
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(file + ": certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate (" + e.getMessage() + ")");
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(file + ": no '-----BEGIN CERTIFICATE-----' block; expected PEM certificates");
        }
        return List.copyOf(certificates);
    }

    /** The one private key of {@code file}: an unencrypted PKCS#8, PKCS#1 (RSA) or SEC 1 (EC) block. */
    public static PrivateKey privateKey(Path file) {
        List<Block> keys = blocks(file).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + ": no '-----BEGIN PRIVATE KEY-----' block; expected a PEM private key (PKCS#8, or RSA/EC in the older forms)");
        }
        if (keys.size() > 1) throw new IllegalArgumentException(file + ": " + keys.size() + " private keys; expected exactly one");
        Block key = keys.getFirst();
        switch (key.type()) {
            case "PRIVATE KEY" -> {
                return pkcs8(file, key.der());
            }
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                try {
                    return pkcs8(file, key.type().startsWith("RSA") ? LegacyKeys.rsaToPkcs8(key.der()) : LegacyKeys.ecToPkcs8(key.der()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ": the '" + key.type() + "' key cannot be read (" + e.getMessage()
                            + "); convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName() + " -out key-pkcs8.pem");
                }
            }
            case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(file + ": the key is encrypted; Ketch reads unencrypted PKCS#8 keys,"
                    + " as etcd does. Decrypt it with: openssl pkcs8 -in " + file.getFileName() + " -out key-pkcs8.pem");
            default -> throw new IllegalArgumentException(file + ": '" + key.type() + "' is not a supported key form; expected 'PRIVATE KEY' (PKCS#8)");
        }
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(file + ": the PKCS#8 key is damaged or of an unsupported algorithm; expected an RSA, EC or EdDSA key");
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not a PEM text file (binary content; DER files must be converted to PEM)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e + ")");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type: 4,ENCRYPTED): the old OpenSSL encrypted form
                throw new IllegalArgumentException(file + ": the '" + type + "' block has headers (encrypted?); expected a plain PEM block");
            }
            try {
                blocks.add(new Block(type, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": the '" + type + "' block is not valid base64 (" + e.getMessage() + ")");
            }
        }
        if (blocks.isEmpty()) throw new IllegalArgumentException(file + ": no PEM block ('-----BEGIN ...-----'); expected a PEM file");
        return blocks;
    }
}
