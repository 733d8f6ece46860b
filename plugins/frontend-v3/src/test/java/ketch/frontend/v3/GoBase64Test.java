package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoBase64Test {
    @Test
    void decodesStandardBase64WithPadding() {
        assertArrayEquals("foo".getBytes(StandardCharsets.UTF_8), GoBase64.decode("Zm9v"));
        assertArrayEquals("bar2".getBytes(StandardCharsets.UTF_8), GoBase64.decode("YmFyMg=="));
        assertArrayEquals("fooba".getBytes(StandardCharsets.UTF_8), GoBase64.decode("Zm9vYmE="));
        assertArrayEquals(new byte[0], GoBase64.decode(""));
    }

    @Test
    void skipsNewlinesAndIgnoresUnusedBitsAsGoDoes() {
        assertArrayEquals("foo".getBytes(StandardCharsets.UTF_8), GoBase64.decode("Zm9v\n"));
        assertArrayEquals("foo".getBytes(StandardCharsets.UTF_8), GoBase64.decode("Zm\r\n9v"));
        assertArrayEquals("foob".getBytes(StandardCharsets.UTF_8), GoBase64.decode("Zm9vYm==")); // captured: accepted
    }

    /** Offsets captured from etcd 3.4.23 (Go 1.19) for the same keys. */
    @ParameterizedTest
    @CsvSource({
        "not base64!!, 3", "Zm9, 0", "Zm9v=, 4", "Z, 0", "Zm-_, 2", "Zm9vYg, 4", "Zm9vYg=, 7", "Zm9vYg===, 8",
        "Zm9vYmE=Zm9v, 8", "=, 0", "Zm9vé, 4"
    })
    void reportsTheByteOffsetGoReports(String input, int offset) {
        BadJsonException e = assertThrows(BadJsonException.class, () -> GoBase64.decode(input));
        assertEquals("illegal base64 data at input byte " + offset, e.getMessage());
    }

    /** The JDK fast path must give Go's answer (bytes or error) on every input, valid or not. */
    @Test
    void theFastPathAgreesWithGosRulesOnRandomText() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_\r\n é";
        Random random = new Random(7);
        int valid = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 4 * random.nextInt(4);
            for (int j = 0; j < length; j++) {
                // mostly the alphabet, so that many inputs are valid; the rest are the odd characters
                text.append(alphabet.charAt(random.nextInt(10) < 8 ? random.nextInt(64) : 64 + random.nextInt(alphabet.length() - 64)));
            }
            String input = text.toString();
            byte[] expected;
            try {
                expected = GoBase64.decodeAsGo(input);
            } catch (BadJsonException e) {
                BadJsonException actual = assertThrows(BadJsonException.class, () -> GoBase64.decode(input), input);
                assertEquals(e.getMessage(), actual.getMessage(), input);
                continue;
            }
            valid++;
            assertArrayEquals(expected, GoBase64.decode(input), input);
        }
        assertEquals(true, valid > 1_000, "too few valid inputs to compare: " + valid);
    }

    @Test
    void agreesWithTheJdkOnRandomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, GoBase64.decode(Base64.getEncoder().encodeToString(bytes)));
        }
    }
}
