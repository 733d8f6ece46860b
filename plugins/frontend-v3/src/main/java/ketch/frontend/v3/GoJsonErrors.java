package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The messages Go's encoding/json and jsonpb give for bad input, built from Jackson's findings. */
final class GoJsonErrors {
    private static final Pattern CHAR_CODE = Pattern.compile("\\(code (\\d+)\\)");
    private static final Pattern TOKEN = Pattern.compile("Unrecognized token '([^']+)'");
    private static final Pattern CLOSE_MARKER = Pattern.compile("close marker '(.)'");

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
     * Go's syntax error for what Jackson rejected in {@code source}. {@code whole} is true for a
     * request body, where Go's json.Decoder says {@code unexpected EOF} for any value cut short;
     * false for the inside of a quoted number, which Go re-parses as a document and, at its end,
     * scans one more blank (hence {@code invalid character ' ' ...}) or says
     * {@code unexpected end of JSON input}.
     */
    static BadJsonException syntax(StreamReadException e, byte[] source, boolean whole) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int at = e.getLocation() == null ? -1 : (int) e.getLocation().getByteOffset();
        int end = trimmedLength(source);
        Matcher token = TOKEN.matcher(message);
        String word = token.find() ? token.group(1) : null;
        boolean wordToEnd = word != null && at >= 0 && at + word.length() >= end;
        // at the end of a number Jackson names the number's own last character; Go ran out of input
        boolean numberCutShort = (message.contains("not followed by") || message.contains("to follow minus sign"))
                && at == end - 1 && "+-.eE".indexOf(offendingChar(message, source, at)) >= 0;
        if (e instanceof JsonEOFException || wordToEnd || numberCutShort) {
            return whole ? new BadJsonException("unexpected EOF") : endOfDocument(source, end, word, wordToEnd);
        }
        if (word != null) {
            return literal(word, source, at);
        }
        char c = offendingChar(message, source, at);
        return new BadJsonException("invalid character " + quoteChar(c) + " " + context(e, message, source, at));
    }

    /** A quoted number's text ended inside a value. */
    private static BadJsonException endOfDocument(byte[] source, int end, String word, boolean wordToEnd) {
        if (wordToEnd) {
            return literal(word, source, end);
        }
        char last = end > 0 ? (char) source[end - 1] : ' ';
        String where = switch (last) {
            case '.' -> "after decimal point in numeric literal";
            case 'e', 'E', '+' -> "in exponent of numeric literal";
            case '-' -> end > 1 && (source[end - 2] == 'e' || source[end - 2] == 'E')
                    ? "in exponent of numeric literal" : "in numeric literal";
            default -> null;
        };
        return where == null ? new BadJsonException("unexpected end of JSON input")
                : new BadJsonException("invalid character ' ' " + where);
    }

    /** A bare word: Go reads it as a literal (true, false, null) and stops at the first wrong letter. */
    private static BadJsonException literal(String word, byte[] source, int at) {
        String expected = switch (word.charAt(0)) {
            case 't' -> "true";
            case 'f' -> "false";
            case 'n' -> "null";
            default -> null;
        };
        if (expected == null) {
            return new BadJsonException("invalid character " + quoteChar(word.charAt(0)) + " looking for beginning of value");
        }
        int i = 1;
        while (i < word.length() && i < expected.length() && word.charAt(i) == expected.charAt(i)) {
            i++;
        }
        if (i >= expected.length()) {
            return new BadJsonException("invalid character " + quoteChar(word.charAt(i)) + " after top-level value");
        }
        int next = at + i;
        char c = i < word.length() ? word.charAt(i) : next < trimmedLength(source) ? (char) (source[next] & 0xff) : ' ';
        return new BadJsonException("invalid character " + quoteChar(c) + " in literal " + expected
                + " (expecting " + quoteChar(expected.charAt(i)) + ")");
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static char offendingChar(String message, byte[] source, int at) {
        Matcher code = CHAR_CODE.matcher(message);
        if (code.find()) {
            return (char) Integer.parseInt(code.group(1));
        }
        Matcher marker = CLOSE_MARKER.matcher(message);
        if (marker.find()) {
            return marker.group(1).charAt(0);
        }
        if (at >= 0 && at < source.length) {
            return (char) (source[at] & 0xff); // e.g. the digit after a leading zero
        }
        return '?';
    }

    private static String context(StreamReadException e, String message, byte[] source, int at) {
        if (message.contains("character escape")) {
            return "in string escape code";
        }
        if (message.contains("plus sign")) {
            return "looking for beginning of value";
        }
        if (message.contains("numeric value") && !message.contains("Leading zeroes")) {
            return message.contains("Decimal point") ? "after decimal point in numeric literal"
                    : message.contains("Exponent") ? "in exponent of numeric literal" : "in numeric literal";
        }
        if (message.contains("double-quote to start field name")) {
            return "looking for beginning of object key string";
        }
        if (message.contains("colon to separate field name and value")) {
            return "after object key";
        }
        if (message.contains("root-level values")) {
            return "after top-level value";
        }
        boolean leadingZero = message.contains("Leading zeroes");
        boolean closeMarker = message.startsWith("Unexpected close marker") && !message.contains("no open");
        if (leadingZero) {
            // Go ends the number at the zero and rejects the digit after it as what follows a value
            JsonParser parser = e.getProcessor() instanceof JsonParser p ? p : null;
            return parser == null || parser.getParsingContext().inRoot() ? "after top-level value"
                    : parser.getParsingContext().inArray() ? "after array element" : "after object key:value pair";
        }
        if (closeMarker || message.contains("comma to separate")) {
            char before = previousNonBlank(source, at);
            if (before == '{' || (before == ',' && inObject(e))) {
                return "looking for beginning of object key string";
            }
            if (before == '[' || before == ',' || before == ':') {
                return "looking for beginning of value";
            }
            return message.contains("Array") || message.contains("expected ']'") ? "after array element"
                    : "after object key:value pair";
        }
        return "looking for beginning of value";
    }

    private static boolean inObject(StreamReadException e) {
        return e.getProcessor() instanceof JsonParser p && p.getParsingContext().inObject();
    }

    private static int trimmedLength(byte[] source) {
        int end = source.length;
        while (end > 0 && isBlank(source[end - 1])) {
            end--;
        }
        return end;
    }

    private static char previousNonBlank(byte[] source, int at) {
        for (int i = Math.min(at, source.length) - 1; i >= 0; i--) {
            if (!isBlank(source[i])) {
                return (char) source[i];
            }
        }
        return ' ';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
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
