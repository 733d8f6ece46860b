package ketch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The few v3 JSON gateway bodies the tool sends, and the few fields it reads back. */
final class V3Json {
    static final JsonFactory JSON = new JsonFactory();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private V3Json() {}

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    static byte[] put(byte[] key, byte[] value) {
        return utf8("{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}");
    }

    static byte[] range(byte[] key, Optional<byte[]> end, boolean serializable, long limit, boolean countOnly) {
        StringBuilder body = new StringBuilder("{\"key\":\"").append(b64(key)).append('"');
        end.ifPresent(e -> body.append(",\"range_end\":\"").append(b64(e)).append('"'));
        if (serializable) {
            body.append(",\"serializable\":true");
        }
        if (limit > 0) {
            body.append(",\"limit\":").append(limit);
        }
        if (countOnly) {
            body.append(",\"count_only\":true");
        }
        return utf8(body.append('}').toString());
    }

    /** An unconditional txn: every put in success. */
    static byte[] txnPuts(byte[][] keys, byte[] value) {
        StringBuilder body = new StringBuilder("{\"success\":[");
        String v = b64(value);
        for (int i = 0; i < keys.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"request_put\":{\"key\":\"").append(b64(keys[i]))
                    .append("\",\"value\":\"").append(v).append("\"}}");
        }
        return utf8(body.append("]}").toString());
    }

    static byte[] leaseGrant(long ttlSeconds) {
        return utf8("{\"TTL\":" + ttlSeconds + "}");
    }

    static byte[] leaseKeepAlive(String id) {
        return utf8("{\"ID\":\"" + id + "\"}");
    }

    static byte[] watchCreate(byte[] key) {
        return utf8("{\"create_request\":{\"key\":\"" + b64(key) + "\"}}");
    }

    /** A top-level string (or number) field of a JSON object, as text; empty when absent. */
    static Optional<String> field(byte[] json, String name) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals(name) && value.isScalarValue()) {
                    return Optional.of(p.getText());
                }
                p.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What a failed request is counted as: the gateway's error message, else the status. */
    static String errorOf(HttpResponse response) {
        return field(response.body(), "error").or(() -> field(response.body(), "message"))
                .map(m -> m + " (HTTP " + response.status() + ")")
                .orElse("HTTP " + response.status());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
