package ketch.frontend.v3;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a request body into its top-level JSON values as its bytes arrive, as Go's json.Decoder
 * reads a stream's requests one after another ({@code {"ID":1} {"ID":2}}). It only finds where a
 * value ends (braces and brackets outside strings, a closing quote, the end of a bare word); the
 * decoder judges the value. Blanks between values are skipped. Not thread-safe.
 */
final class JsonValueSplitter {
    /** A value that grew past the limit before it ended. */
    static final class ValueTooLargeException extends RuntimeException {
        ValueTooLargeException(long limit) {
            super("a JSON value of the stream is larger than " + limit + " bytes", null, false, false);
        }
    }

    private enum Kind { NONE, CONTAINER, STRING, WORD }

    private final long maxValueBytes;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private Kind kind = Kind.NONE;
    private int depth;
    private boolean inString;
    private boolean escaped;

    JsonValueSplitter(long maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    /** The values this chunk completes, in order. */
    List<byte[]> feed(byte[] chunk) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < chunk.length) {
            byte b = chunk[i];
            if (kind == Kind.NONE) {
                if (isBlank(b)) {
                    i++;
                    continue;
                }
                kind = b == '{' || b == '[' ? Kind.CONTAINER : b == '"' ? Kind.STRING : Kind.WORD;
                if (kind == Kind.WORD && isStructural(b)) {
                    append(b); // a stray '}' or ',' is a value of its own: the decoder names it
                    out.add(take());
                    i++;
                    continue;
                }
            } else if (kind == Kind.WORD && (isBlank(b) || isStructural(b) || b == '"')) {
                out.add(take()); // a bare word ends before the byte that cannot belong to it
                continue;
            }
            append(b);
            i++;
            if (ends(b)) {
                out.add(take());
            }
        }
        return out;
    }

    /** The body ended: what was left of an unfinished value, for the decoder to report. */
    Optional<byte[]> finish() {
        return kind == Kind.NONE ? Optional.empty() : Optional.of(take());
    }

    /** Whether {@code b}, just appended, ends the current value. */
    private boolean ends(byte b) {
        return switch (kind) {
            case STRING -> {
                if (current.size() == 1) {
                    yield false; // the opening quote
                }
                boolean closing = b == '"' && !escaped;
                escaped = !escaped && b == '\\';
                yield closing;
            }
            case CONTAINER -> {
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                    yield false;
                }
                if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if (b == '}' || b == ']') {
                    depth--;
                }
                yield depth == 0;
            }
            default -> false;
        };
    }

    private void append(byte b) {
        if (current.size() >= maxValueBytes) {
            throw new ValueTooLargeException(maxValueBytes);
        }
        current.write(b);
    }

    private byte[] take() {
        byte[] value = current.toByteArray();
        current.reset();
        kind = Kind.NONE;
        depth = 0;
        inString = false;
        escaped = false;
        return value;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static boolean isStructural(byte b) {
        return b == '{' || b == '}' || b == '[' || b == ']' || b == ',' || b == ':';
    }
}
