package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The messages Go's encoding/json and jsonpb give for bad input, built from Jackson's findings. */
final class GoJsonErrors {
    private static final Pattern CHAR_CODE = Pattern.compile("\\(code (\\d+)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '(.)");

    private GoJsonErrors() {}

    /** {@code json: cannot unmarshal string into Go value of type bool}. */
    static BadJsonException typeMismatch(JsonToken token, String goType) {
        return new BadJsonException("json: cannot unmarshal " + kind(token) + " into Go value of type " + goType);
    }

    /** A number that does not fit: {@code json: cannot unmarshal number 2.5 into Go value of type int64}. */
    static BadJsonException badNumber(String literal, String goType) {
        return new BadJsonException("json: cannot unmarshal number " + literal + " into Go value of type " + goType);
    }

    /** {@code unknown value "BOGUS" for enum etcdserverpb.RangeRequest_SortOrder}. */
    static BadJsonException unknownEnumName(String name, String goType) {
        return new BadJsonException("unknown value " + goQuote(name) + " for enum " + goType);
    }

    /**
     * Go's syntax error for what Jackson rejected. {@code whole} is true for a request body
     * (a cut-off body is {@code unexpected EOF}), false for the inside of a quoted number that Go
     * re-parses as a JSON document ({@code unexpected end of JSON input}).
     */
    static BadJsonException syntax(StreamReadException e, boolean whole) {
        if (e instanceof JsonEOFException) {
            return new BadJsonException(whole ? "unexpected EOF" : "unexpected end of JSON input");
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        return new BadJsonException("invalid character " + quoteChar(offendingChar(message)) + " " + context(message));
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static char offendingChar(String jacksonMessage) {
        Matcher code = CHAR_CODE.matcher(jacksonMessage);
        if (code.find()) {
            return (char) Integer.parseInt(code.group(1));
        }
        Matcher token = TOKEN.matcher(jacksonMessage);
        if (token.find()) {
            return token.group(1).charAt(0);
        }
        if (jacksonMessage.contains("Leading zeroes")) {
            return '0'; // Go names the digit after the zero; Jackson does not say which it was
        }
        return '?';
    }

    private static String context(String jacksonMessage) {
        if (jacksonMessage.contains("double-quote to start field name")) {
            return "looking for beginning of object key string";
        }
        if (jacksonMessage.contains("comma to separate Object entries")) {
            return "after object key:value pair";
        }
        if (jacksonMessage.contains("comma to separate Array entries")) {
            return "after array element";
        }
        if (jacksonMessage.contains("colon to separate field name and value")) {
            return "after object key";
        }
        if (jacksonMessage.contains("root-level values") || jacksonMessage.contains("Leading zeroes")) {
            return "after top-level value";
        }
        return "looking for beginning of value";
    }

    /** Go's {@code quoteChar}: the character in single quotes, escaped as strconv.Quote would. */
    static String quoteChar(char c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String quoted = goQuote(String.valueOf(c));
        return "'" + quoted.substring(1, quoted.length() - 1) + "'";
    }

    /** Go's {@code %q} of a string: double quotes, backslash escapes for quotes and control characters. */
    static String goQuote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u0007' -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u000b' -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
