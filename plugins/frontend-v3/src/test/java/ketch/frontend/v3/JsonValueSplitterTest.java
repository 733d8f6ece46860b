package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonValueSplitterTest {
    /** Braces and quotes inside strings, escaped quotes and backslashes, nesting, bare words, no separators. */
    private static final String BODY = "{\"a\":\"}{\\\"\"} {\"b\":[1,{\"c\":\"\\\\\"}]}\n\t\"s\\\"}\" 5 null{}[2]";
    private static final List<String> VALUES = List.of("{\"a\":\"}{\\\"\"}", "{\"b\":[1,{\"c\":\"\\\\\"}]}",
            "\"s\\\"}\"", "5", "null", "{}", "[2]");

    private static List<String> split(JsonValueSplitter splitter, byte[]... chunks) {
        List<String> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            splitter.feed(chunk).forEach(v -> out.add(new String(v, StandardCharsets.UTF_8)));
        }
        splitter.finish().ifPresent(v -> out.add(new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void findsEveryValueWhereverTheChunksAreCut() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertEquals(VALUES, split(new JsonValueSplitter(1000), body));
        for (int cut = 0; cut <= body.length; cut++) {
            assertEquals(VALUES, split(new JsonValueSplitter(1000), Arrays.copyOfRange(body, 0, cut),
                    Arrays.copyOfRange(body, cut, body.length)), "cut at " + cut);
        }
        byte[][] oneByteEach = new byte[body.length][];
        for (int i = 0; i < body.length; i++) {
            oneByteEach[i] = new byte[] {body[i]};
        }
        assertEquals(VALUES, split(new JsonValueSplitter(1000), oneByteEach));
    }

    @Test
    void aValueIsReportedAsSoonAsItEnds() {
        JsonValueSplitter splitter = new JsonValueSplitter(1000);
        assertEquals(0, splitter.feed("{\"ID\":1".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals(1, splitter.feed("}".getBytes(StandardCharsets.UTF_8)).size());
        // a bare word only ends at what follows it, or at the end of the body
        assertEquals(0, splitter.feed("12".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals("12", new String(splitter.finish().orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void whatIsLeftAtTheEndIsHandedOverForTheDecoderToReport() {
        JsonValueSplitter splitter = new JsonValueSplitter(1000);
        assertEquals(1, splitter.feed("{} {\"ID\":".getBytes(StandardCharsets.UTF_8)).size());
        assertEquals("{\"ID\":", new String(splitter.finish().orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), splitter.finish());
        assertEquals(List.of("}", "{}", ",", "x"), split(new JsonValueSplitter(1000), " }{},x".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), split(new JsonValueSplitter(1000), " \r\n\t ".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValueLargerThanTheLimitIsRefusedBeforeItIsBuffered() {
        JsonValueSplitter splitter = new JsonValueSplitter(8);
        assertEquals(1, splitter.feed("{\"a\":12}".getBytes(StandardCharsets.UTF_8)).size()); // exactly 8 bytes
        assertThrows(JsonValueSplitter.ValueTooLargeException.class,
                () -> splitter.feed("{\"a\":123}".getBytes(StandardCharsets.UTF_8)));
    }
}
