package ketch.bench;

import java.nio.charset.StandardCharsets;

/** A complete HTTP/1.1 response: status code and the (de-chunked) body. */
record HttpResponse(int status, byte[] body) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
