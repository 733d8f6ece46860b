package ketch.api.spi;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Rewraps the older private-key forms many etcd deployments have (cfssl and
 * {@code openssl genrsa -traditional} write them) into PKCS#8, which the JDK reads: an RSA key in
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and an EC key in SEC 1 ({@code BEGIN EC PRIVATE KEY}).
 * Only DER lengths and tags are read here; the key itself is checked by the JDK's key factory.
 */
final class LegacyKeys {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int CONTEXT_0 = 0xA0;
    // 1.2.840.113549.1.1.1 rsaEncryption, with its NULL parameters
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    // 1.2.840.10045.2.1 id-ecPublicKey
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private LegacyKeys() {}

    /** PKCS#8 PrivateKeyInfo holding a PKCS#1 RSAPrivateKey. */
    static byte[] rsaToPkcs8(byte[] pkcs1) {
        element(pkcs1, 0, SEQUENCE, "an RSA private key"); // a SEQUENCE, or it is not PKCS#1 at all
        return privateKeyInfo(RSA_ALGORITHM, pkcs1);
    }

    /** PKCS#8 PrivateKeyInfo holding a SEC 1 ECPrivateKey, its curve taken from the key's parameters. */
    static byte[] ecToPkcs8(byte[] sec1) {
        int[] outer = element(sec1, 0, SEQUENCE, "an EC private key");
        int at = outer[0];
        int end = outer[0] + outer[1];
        int[] version = element(sec1, at, INTEGER, "the EC key's version");
        at = version[0] + version[1];
        int[] secret = element(sec1, at, OCTET_STRING, "the EC key's secret");
        at = secret[0] + secret[1];
        if (at >= end || (sec1[at] & 0xff) != CONTEXT_0) {
            throw new IllegalArgumentException("the EC key names no curve (no parameters); convert it with openssl pkcs8 -topk8 -nocrypt");
        }
        int[] parameters = element(sec1, at, CONTEXT_0, "the EC key's parameters");
        int[] curve = element(sec1, parameters[0], OID, "the EC key's named curve");
        byte[] curveOid = Arrays.copyOfRange(sec1, curve[0] - headerLength(curve[1]), curve[0] + curve[1]);
        byte[] algorithm = der(SEQUENCE, concat(EC_PUBLIC_KEY, curveOid));
        return privateKeyInfo(algorithm, sec1);
    }

    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        byte[] version = {INTEGER, 0x01, 0x00};
        return der(SEQUENCE, concat(version, algorithm, der(OCTET_STRING, key)));
    }

    /** Reads the header at {@code at}: returns {content offset, content length}; the tag must be {@code tag}. */
    private static int[] element(byte[] der, int at, int tag, String what) {
        if (at + 2 > der.length || (der[at] & 0xff) != tag) throw new IllegalArgumentException(what + " is not in the expected DER form");
        int first = der[at + 1] & 0xff;
        if (first < 0x80) return check(der, at + 2, first, what);
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || at + 2 + bytes > der.length) throw new IllegalArgumentException(what + " has a bad DER length");
        int length = 0;
        for (int i = 0; i < bytes; i++) length = (length << 8) | (der[at + 2 + i] & 0xff);
        return check(der, at + 2 + bytes, length, what);
    }

    private static int[] check(byte[] der, int offset, int length, String what) {
        if (offset + length > der.length) throw new IllegalArgumentException(what + " is truncated");
        return new int[] {offset, length};
    }

    private static int headerLength(int contentLength) {
        return contentLength < 0x80 ? 2 : contentLength < 0x100 ? 3 : contentLength < 0x10000 ? 4 : 5;
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
