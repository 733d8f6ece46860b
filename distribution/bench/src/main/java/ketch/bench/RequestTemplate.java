package ketch.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A POST whose only varying part is one base64 field of fixed size (the key of a put): head and JSON
 * around it are built once, so each request costs two small arrays and one base64 encode on the hot path.
 */
final class RequestTemplate {
    private final byte[] before;
    private final byte[] after;
    private final int encodedLength;

    /** {@code jsonBefore + base64(field) + jsonAfter} is the body; the field is always {@code fieldBytes} long. */
    RequestTemplate(Endpoint endpoint, String path, String jsonBefore, int fieldBytes, String jsonAfter) {
        this.encodedLength = 4 * ((fieldBytes + 2) / 3);
        byte[] bodyBefore = jsonBefore.getBytes(StandardCharsets.UTF_8);
        this.after = jsonAfter.getBytes(StandardCharsets.UTF_8);
        int bodyLength = bodyBefore.length + encodedLength + after.length;
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + endpoint.authority()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bodyLength + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        this.before = new byte[head.length + bodyBefore.length];
        System.arraycopy(head, 0, before, 0, head.length);
        System.arraycopy(bodyBefore, 0, before, head.length, bodyBefore.length);
    }

    byte[] request(byte[] field) {
        byte[] encoded = Base64.getEncoder().encode(field);
        if (encoded.length != encodedLength) {
            throw new IllegalArgumentException("field of " + field.length + " bytes; this template takes "
                    + encodedLength + " base64 characters");
        }
        byte[] request = new byte[before.length + encodedLength + after.length];
        System.arraycopy(before, 0, request, 0, before.length);
        System.arraycopy(encoded, 0, request, before.length, encodedLength);
        System.arraycopy(after, 0, request, before.length + encodedLength, after.length);
        return request;
    }
}
