package ketch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    private static ResponseReader reader(String wire) {
        return new ResponseReader(new BufferedInputStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void readsPipelinedResponsesOfBothFramings() throws IOException {
        ResponseReader r = reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
                + "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nTrailer: X\r\n\r\n"
                + "5\r\n{\"err\r\n7;ext=1\r\nor\":1}\n\r\n0\r\nX: y\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n"
                + "HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\nabc");
        assertEquals("{}", r.read().bodyText());
        HttpResponse chunked = r.read();
        assertEquals(400, chunked.status());
        assertEquals("{\"error\":1}\n", chunked.bodyText());
        assertEquals(204, r.read().status());
        assertEquals("abc", r.read().bodyText());
        assertThrows(EOFException.class, r::read);
    }

    @Test
    void rejectsWhatIsNotHttp() {
        IOException e = assertThrows(IOException.class, () -> reader("SSH-2.0-OpenSSH\r\n\r\n").read());
        assertEquals("not an HTTP/1.x status line: \"SSH-2.0-OpenSSH\"", e.getMessage());
    }

    @Test
    void errorOfPrefersTheGatewaysMessage() {
        byte[] body = "{\"error\":\"etcdserver: key is not provided\",\"code\":3}".getBytes(StandardCharsets.UTF_8);
        assertEquals("etcdserver: key is not provided (HTTP 400)", V3Json.errorOf(new HttpResponse(400, body)));
        assertEquals("HTTP 404", V3Json.errorOf(new HttpResponse(404, "404 page not found".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void keysAndStampedValues() {
        assertEquals(8, Keys.key(8, 0).length);
        assertEquals(1, Keys.key(8, 258)[6]);
        assertEquals(2, Keys.key(8, 258)[7]);
        byte[] v = Keys.stamped(32, 123456789L);
        assertEquals(32, v.length);
        assertEquals(123456789L, Keys.stampOf(v));
        assertEquals(-1, Keys.stampOf(Keys.value(4)));
        assertThrows(UsageException.class, () -> Keys.checkKeySpace(1, 257));
    }
}
