package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads one scalar field value the way jsonpb does, from a parser positioned on the value's first
 * token. A value of the wrong kind is skipped whole before the error is thrown, so the caller can
 * keep reading the document (a later syntax error must still win, as in Go).
 */
final class JsonValues {
    static final String BYTES = "[]uint8";
    static final String MESSAGE = "map[string]json.RawMessage";
    static final String REPEATED = "[]json.RawMessage";

    private JsonValues() {}

    /** A bytes field: base64 text, or (as Go's encoding/json allows) an array of byte numbers. */
    static byte[] bytes(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return GoBase64.decode(p.getText());
        }
        if (token != JsonToken.START_ARRAY) {
            throw mismatch(p, BYTES);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BadJsonException first = null;
        for (JsonToken element = p.nextToken(); element != JsonToken.END_ARRAY; element = p.nextToken()) {
            try {
                out.write(element == JsonToken.VALUE_NULL ? 0 : byteNumber(p));
            } catch (BadJsonException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return out.toByteArray();
    }

    private static int byteNumber(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int value = p.getIntValue();
            if (value >= 0 && value <= 255) {
                return value;
            }
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            throw GoJsonErrors.badNumber(p.getText(), "uint8");
        }
        throw mismatch(p, "uint8");
    }

    /**
     * An int64 field: a JSON number, or a string whose content, as written (escapes and all), Go
     * parses again as a JSON document. {@code source} is the body the parser reads.
     */
    static long int64(JsonParser p, byte[] source) throws IOException {
        return integer(p, source, false);
    }

    /** A uint64 field (member ids), read like {@link #int64}; values above 2^63 come back as negative longs. */
    static long uint64(JsonParser p, byte[] source) throws IOException {
        return integer(p, source, true);
    }

    private static long integer(JsonParser p, byte[] source, boolean unsigned) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return quotedInteger(rawString(p, source), unsigned);
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return unsigned ? numberAsUnsigned(p) : numberAsLong(p, "int64");
        }
        throw mismatch(p, unsigned ? "uint64" : "int64");
    }

    private static long numberAsUnsigned(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && !p.getText().startsWith("-")) {
            java.math.BigInteger value = p.getBigIntegerValue();
            if (value.bitLength() <= 64) {
                return value.longValue();
            }
        }
        throw GoJsonErrors.badNumber(p.getText(), "uint64");
    }

    private static long numberAsLong(JsonParser p, String goType) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        throw GoJsonErrors.badNumber(p.getText(), goType);
    }

    /**
     * The current string token as written between its quotes: jsonpb strips the quotes of numbers
     * and enum names without unescaping them.
     */
    static String rawString(JsonParser p, byte[] source) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        String text = p.getText(); // reads the string to its closing quote
        long end = p.currentLocation().getByteOffset();
        if (start < 0 || end - start < 2 || end > source.length) {
            return text;
        }
        return new String(source, (int) start + 1, (int) (end - start - 2), StandardCharsets.UTF_8);
    }

    private static long quotedInteger(String raw, boolean unsigned) throws IOException {
        byte[] content = raw.getBytes(StandardCharsets.UTF_8);
        try (JsonParser inner = GatewayJson.FACTORY.createParser(content)) {
            JsonToken token = inner.nextToken();
            if (token == null) {
                throw new BadJsonException("unexpected end of JSON input");
            }
            BadJsonException typeError = null;
            long value = 0;
            try {
                if (token != JsonToken.VALUE_NULL) {
                    value = integerOrNumberError(inner, unsigned);
                }
            } catch (BadJsonException e) {
                typeError = e; // Go checks the whole text's syntax before decoding it
            }
            if (inner.nextToken() != null) {
                throw new BadJsonException("invalid character " + GoJsonErrors.quoteChar(firstAfter(content, inner))
                        + " after top-level value");
            }
            if (typeError != null) {
                throw typeError;
            }
            return value;
        } catch (StreamReadException e) {
            throw GoJsonErrors.syntax(e, content, false);
        } catch (JsonProcessingException e) {
            throw new BadJsonException(e.getOriginalMessage());
        }
    }

    private static long integerOrNumberError(JsonParser p, boolean unsigned) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return unsigned ? numberAsUnsigned(p) : numberAsLong(p, "int64");
        }
        throw mismatch(p, unsigned ? "uint64" : "int64");
    }

    private static char firstAfter(byte[] content, JsonParser inner) {
        int offset = (int) inner.currentTokenLocation().getByteOffset();
        return offset >= 0 && offset < content.length ? (char) (content[offset] & 0xff) : '?';
    }

    static boolean bool(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> throw mismatch(p, "bool");
        };
    }

    /**
     * An enum field: a name (quoted) looked up in {@code names} (in proto number order), or any
     * int32 number. Returns the number.
     */
    static int enumNumber(JsonParser p, byte[] source, String goType, List<String> names) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            String name = rawString(p, source);
            int number = names.indexOf(name);
            if (number < 0) {
                throw GoJsonErrors.unknownEnumName(name, goType);
            }
            return number;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            throw GoJsonErrors.badNumber(p.getText(), goType);
        }
        throw mismatch(p, goType);
    }

    /** Skips the current value whole and returns Go's type error for it. */
    static BadJsonException mismatch(JsonParser p, String goType) throws IOException {
        JsonToken token = p.currentToken();
        p.finishToken(); // a string cut off by the end of the body is a syntax error first
        p.skipChildren();
        return GoJsonErrors.typeMismatch(token, goType);
    }

}
