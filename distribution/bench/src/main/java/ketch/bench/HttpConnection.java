package ketch.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One persistent HTTP/1.1 connection. Shared, it pipelines: any number of callers may send at once;
 * requests go out in the order they were queued and one reader thread completes them in that same
 * order (HTTP/1.1 answers pipelined requests in order), so no caller waits for another's response to
 * send. Exclusive (one caller), the caller writes and reads itself: no thread hand-off per request.
 */
final class HttpConnection implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final Endpoint endpoint;
    private final Socket socket;
    private final OutputStream out;
    private final ResponseReader reader;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<CompletableFuture<HttpResponse>> inFlight = new ConcurrentLinkedQueue<>();
    private final Optional<Thread> readerThread;
    private volatile IOException broken;

    /** A connection for one caller at a time. */
    HttpConnection(Endpoint endpoint) throws IOException {
        this(endpoint, false);
    }

    HttpConnection(Endpoint endpoint, boolean shared) throws IOException {
        this.endpoint = endpoint;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5_000);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.reader = new ResponseReader(new BufferedInputStream(socket.getInputStream(), BUFFER));
        this.readerThread = shared
                ? Optional.of(Thread.ofPlatform().daemon().name("bench-reader-" + endpoint.authority()).start(this::readResponses))
                : Optional.empty();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The bytes of a POST with a JSON body, ready to write. */
    static byte[] post(Endpoint endpoint, String path, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + endpoint.authority()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** Queues one request on a shared connection; completes with its response or the connection's failure. */
    CompletableFuture<HttpResponse> send(byte[] request) {
        if (readerThread.isEmpty()) {
            throw new IllegalStateException("send is for shared connections; an exclusive one uses call");
        }
        CompletableFuture<HttpResponse> response = new CompletableFuture<>();
        sendLock.lock();
        try {
            if (broken != null) {
                response.completeExceptionally(broken);
                return response;
            }
            inFlight.add(response);
            out.write(request);
            // the last sender of a burst flushes for all; a waiting sender will flush after us
            if (!sendLock.hasQueuedThreads()) {
                out.flush();
            }
        } catch (IOException e) {
            fail(e);
        } finally {
            sendLock.unlock();
        }
        return response;
    }

    /** Sends one request and waits for its response. */
    HttpResponse call(byte[] request) throws IOException {
        if (readerThread.isEmpty()) {
            if (broken != null) {
                throw broken;
            }
            try {
                out.write(request);
                out.flush();
                return reader.read();
            } catch (IOException e) {
                broken = new IOException("connection to " + endpoint + " failed: " + e.getMessage(), e);
                closeQuietly();
                throw broken;
            }
        }
        try {
            return send(request).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void readResponses() {
        try {
            while (true) {
                HttpResponse response = reader.read();
                CompletableFuture<HttpResponse> waiting = inFlight.poll();
                if (waiting == null) {
                    throw new IOException("unsolicited response from " + endpoint + " (status " + response.status() + ")");
                }
                waiting.complete(response);
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new IOException("bad response from " + endpoint + ": " + e, e));
        }
    }

    private void fail(IOException cause) {
        if (broken == null) {
            broken = new IOException("connection to " + endpoint + " failed: " + cause.getMessage(), cause);
        }
        closeQuietly(); // unblocks a sender stuck in write before we take its lock
        sendLock.lock();
        try {
            for (CompletableFuture<HttpResponse> f = inFlight.poll(); f != null; f = inFlight.poll()) {
                f.completeExceptionally(broken);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket has nothing left to report
        }
    }

    @Override
    public void close() {
        broken = broken == null ? new IOException("connection closed") : broken;
        closeQuietly();
        try {
            if (readerThread.isPresent()) {
                readerThread.get().join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
