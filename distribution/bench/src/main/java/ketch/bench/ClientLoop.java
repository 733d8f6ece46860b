package ketch.bench;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event-loop thread driving some of a run's connections and the clients on them: each client
 * keeps one request in flight, sending its next as soon as its response is complete. One selector
 * wakes for many responses at once, so a request costs a write and a share of a read, not a thread
 * switch (as wrk does; a thread per client spent most of the tool's CPU in the scheduler).
 */
final class ClientLoop implements Runnable {
    /** A client whose pacing slot has not come yet. */
    private record Waiting(int client, long slotNanos) {}

    private final List<LoopConnection> connections;
    private final LoopConnection[] connectionOfClient;
    private final AtomicInteger next;
    private final int total;
    private final Pacer pacer;
    private final LoadRun.Requests requests;
    private final ArrayDeque<Integer> ready = new ArrayDeque<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Latencies latencies = new Latencies();
    private final Map<String, Long> errors = new TreeMap<>();
    private int active;

    /**
     * @param connectionOfClient for every client of the run, its connection; this loop runs the
     *                           clients whose connection is one of {@code connections}
     */
    ClientLoop(List<LoopConnection> connections, LoopConnection[] connectionOfClient, AtomicInteger next, int total,
               Pacer pacer, LoadRun.Requests requests) {
        this.connections = List.copyOf(connections);
        this.connectionOfClient = connectionOfClient;
        this.next = next;
        this.total = total;
        this.pacer = pacer;
        this.requests = requests;
        for (int c = 0; c < connectionOfClient.length; c++) {
            if (this.connections.contains(connectionOfClient[c])) {
                ready.add(c);
                active++;
            }
        }
    }

    Latencies latencies() {
        return latencies;
    }

    Map<String, Long> errors() {
        return errors;
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            for (LoopConnection c : connections) {
                c.channel().register(selector, SelectionKey.OP_READ, c);
            }
            while (active > 0 || inFlight() > 0) {
                long now = System.nanoTime();
                while (!waiting.isEmpty() && waiting.peek().slotNanos() <= now) {
                    send(waiting.poll().client());
                }
                for (int n = ready.size(); n > 0; n--) {
                    int client = ready.poll();
                    long slot = pacer.reserve();
                    if (slot > now) {
                        waiting.add(new Waiting(client, slot));
                    } else {
                        send(client);
                    }
                }
                flushAll(selector);
                if (active == 0 && inFlight() == 0) break;
                if (!ready.isEmpty()) {
                    selector.selectNow(); // clients of failed connections: no wait for them
                } else if (!waiting.isEmpty()) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(waiting.peek().slotNanos() - System.nanoTime());
                    selector.select(Math.max(1, millis));
                } else {
                    selector.select();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            errors.merge("event loop failed: " + e.getMessage(), 1L, Long::sum);
        }
    }

    private void send(int client) {
        int index = next.getAndIncrement();
        if (index >= total) {
            active--;
            return;
        }
        LoopConnection connection = connectionOfClient[client];
        if (connection.broken().isPresent()) {
            errors.merge(connection.broken().get(), 1L, Long::sum);
            ready.add(client);
            return;
        }
        byte[] request = requests.request(client, index, connection.endpoint());
        connection.queue(client, request, System.nanoTime());
    }

    private void flushAll(Selector selector) {
        for (LoopConnection c : connections) {
            if (!c.hasOutput() || c.broken().isPresent()) continue;
            SelectionKey key = c.channel().keyFor(selector);
            try {
                boolean done = c.flush();
                key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } catch (IOException e) {
                fail(c, key, e);
            }
        }
    }

    private void handle(SelectionKey key) {
        LoopConnection c = (LoopConnection) key.attachment();
        if (!key.isValid()) return;
        try {
            if (key.isReadable()) {
                c.read(this::completed);
            }
            if (key.isValid() && key.isWritable() && c.flush()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        } catch (ClosedChannelException e) {
            fail(c, key, new IOException("connection closed", e));
        } catch (IOException | RuntimeException e) {
            fail(c, key, e instanceof IOException io ? io : new IOException("bad response: " + e, e));
        }
    }

    private void completed(LoopConnection.InFlight request, ResponseFraming.Framed response) {
        if (response.status() == 200) {
            latencies.record(System.nanoTime() - request.sentNanos());
        } else {
            byte[] body = response.errorBody().orElse(new byte[0]);
            errors.merge(V3Json.errorOf(new HttpResponse(response.status(), body)), 1L, Long::sum);
        }
        ready.add(request.client());
    }

    private void fail(LoopConnection c, SelectionKey key, IOException cause) {
        key.cancel();
        for (LoopConnection.InFlight lost : c.fail(cause)) {
            errors.merge(c.broken().orElseThrow(), 1L, Long::sum);
            ready.add(lost.client());
        }
    }

    private int inFlight() {
        int n = 0;
        for (LoopConnection c : connections) {
            n += c.inFlight();
        }
        return n;
    }
}
