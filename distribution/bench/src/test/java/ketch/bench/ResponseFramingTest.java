package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseFramingTest {
    private static final String WIRE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
            + "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nTrailer: X\r\n\r\n"
            + "5\r\n{\"err\r\n7;ext=1\r\nor\":1}\n\r\n0\r\nX: y\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 3\r\n\r\nabc";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Every response in {@code wire}, found as an event loop would: after each arriving byte. */
    private static List<ResponseFraming.Framed> byteByByte(byte[] wire) throws IOException {
        List<ResponseFraming.Framed> found = new ArrayList<>();
        int start = 0;
        for (int end = 1; end <= wire.length; end++) {
            for (Optional<ResponseFraming.Framed> f = ResponseFraming.next(wire, start, end); f.isPresent();
                    f = ResponseFraming.next(wire, start, end)) {
                found.add(f.get());
                start = f.get().end();
            }
        }
        assertEquals(wire.length, start, "every byte belongs to a response");
        return found;
    }

    @Test
    void findsEachResponseOnlyWhenItIsCompleteWhateverTheFraming() throws IOException {
        List<ResponseFraming.Framed> found = byteByByte(bytes(WIRE));
        assertEquals(List.of(200, 400, 204, 503), found.stream().map(ResponseFraming.Framed::status).toList());
        assertTrue(found.get(0).errorBody().isEmpty(), "a 200's body is not kept");
        assertArrayEquals(bytes("{\"error\":1}\n"), found.get(1).errorBody().orElseThrow(), "chunks joined");
        assertArrayEquals(bytes("abc"), found.get(3).errorBody().orElseThrow());
    }

    @Test
    void aHeadWithoutHeadersAndStrayLineEndsBetweenResponses() throws IOException {
        List<ResponseFraming.Framed> found = byteByByte(bytes("HTTP/1.1 204 No Content\r\n\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(List.of(204, 200), found.stream().map(ResponseFraming.Framed::status).toList());
    }

    @Test
    void refusesWhatCannotBeFramed() {
        IOException notHttp = assertThrows(IOException.class,
                () -> ResponseFraming.next(bytes("SSH-2.0-OpenSSH\r\n\r\n"), 0, 19));
        assertEquals("not an HTTP/1.x status line: \"SSH-2.0-OpenSSH\"", notHttp.getMessage());
        byte[] unframed = bytes("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{}");
        IOException noLength = assertThrows(IOException.class, () -> ResponseFraming.next(unframed, 0, unframed.length));
        assertEquals("response 200 has neither Content-Length nor chunked encoding", noLength.getMessage());
        byte[] endless = new byte[ResponseFraming.MAX_HEAD + 10];
        java.util.Arrays.fill(endless, (byte) 'a');
        assertThrows(IOException.class, () -> ResponseFraming.next(endless, 0, endless.length));
    }
}
