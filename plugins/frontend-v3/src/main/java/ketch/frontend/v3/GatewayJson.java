package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The one Jackson factory of the gateway. Its generators escape like Go's encoding/json:
 * {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as lower-case {@code \}{@code u00XX}.
 */
final class GatewayJson {
    static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new GoEscapes());

    private GatewayJson() {}

    private static final class GoEscapes extends CharacterEscapes {
        private final int[] asciiEscapes;

        GoEscapes() {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['<'] = ESCAPE_CUSTOM;
            asciiEscapes['>'] = ESCAPE_CUSTOM;
            asciiEscapes['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
