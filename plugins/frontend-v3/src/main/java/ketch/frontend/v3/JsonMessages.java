package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * jsonpb's reading of one message, shared by every request decoder of the gateway: a document is
 * one JSON value (an empty body or {@code null} means {@code {}}, what follows the first value is
 * never read), an object's fields are collected into {@link FieldSlots} before they are checked,
 * and a repeated message field is an array of objects. Errors are {@link BadJsonException}s with
 * Go's messages.
 */
final class JsonMessages {
    private JsonMessages() {}

    /** Reads one message from a parser on START_OBJECT, or builds the empty message when the parser is null. */
    @FunctionalInterface
    interface MessageReader<T> {
        T read(JsonParser p) throws IOException;
    }

    /** Decodes the value of the field at {@code index} (proto order) from the parser on its first token. */
    @FunctionalInterface
    interface FieldReader {
        Object read(int index, JsonParser p) throws IOException;
    }

    /** The message one body holds. */
    static <T> T document(byte[] body, MessageReader<T> reader) {
        try (JsonParser p = GatewayJson.FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                return reader.read(null); // an empty body (Go: io.EOF) and null both mean {}
            }
            if (first != JsonToken.START_OBJECT) {
                throw JsonValues.mismatch(p, JsonValues.MESSAGE);
            }
            return reader.read(p); // what follows the first value is never read, as Go's json.Decoder
        } catch (StreamReadException e) {
            throw GoJsonErrors.syntax(e, body, true);
        } catch (JsonProcessingException e) {
            throw new BadJsonException(e.getOriginalMessage()); // a Jackson limit, e.g. nesting depth
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    /** Collects an object's fields; a null parser gives the empty object. */
    static FieldSlots fields(JsonParser p, MessageFields fields, FieldReader reader) throws IOException {
        FieldSlots slots = new FieldSlots(fields.size());
        if (p == null) {
            return slots;
        }
        for (JsonToken token = p.nextToken(); token != JsonToken.END_OBJECT; token = p.nextToken()) {
            int code = fields.lookup(p.currentName());
            JsonToken value = p.nextToken();
            if (code < 0) {
                p.skipChildren();
                continue;
            }
            Object decoded;
            if (value == JsonToken.VALUE_NULL) {
                decoded = FieldSlots.NULL;
            } else {
                try {
                    decoded = reader.read(code >> 1, p);
                } catch (BadJsonException e) {
                    decoded = e;
                }
            }
            slots.offer(code >> 1, (code & 1) != 0, decoded);
        }
        slots.throwFirstError();
        return slots;
    }

    /** A message-typed field: it must be an object. */
    static <T> T message(JsonParser p, MessageReader<T> reader) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw JsonValues.mismatch(p, JsonValues.MESSAGE);
        }
        return reader.read(p);
    }

    /** A repeated message field: an array of objects; null elements are empty messages. */
    static <T> List<T> repeated(JsonParser p, MessageReader<T> element) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw JsonValues.mismatch(p, JsonValues.REPEATED);
        }
        List<T> out = new ArrayList<>();
        BadJsonException first = null;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            try {
                if (token == JsonToken.VALUE_NULL) {
                    out.add(element.read(null));
                } else if (token == JsonToken.START_OBJECT) {
                    out.add(element.read(p));
                } else {
                    throw JsonValues.mismatch(p, JsonValues.MESSAGE);
                }
            } catch (BadJsonException e) {
                first = first == null ? e : first; // Go keeps decoding to check the syntax, reports the first
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }
}
