package ketch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code total} requests with {@code clients} concurrent callers, each keeping one request in
 * flight on its connection, and times every request from send to complete response. Callers are
 * platform threads: measured against a trivial server, virtual threads blocking on sockets (a poller
 * hand-off per response) gave a third of the throughput (docs/benchmarks.md).
 */
final class LoadRun {

    /** Builds request number {@code index} (0-based) for a client; may keep per-client state. */
    interface Requests {
        byte[] request(int client, int index, Endpoint endpoint);
    }

    /** What a run produced: the statistics and each distinct error with its count. */
    record Result(Statistics statistics, Map<String, Long> errors) {
        Result {
            errors = Map.copyOf(errors);
        }

        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        String report() {
            return ReportFormat.format(statistics, new TreeMap<>(errors));
        }
    }

    private LoadRun() {}

    static Result run(Connections connections, int clients, int total, Pacer pacer, Requests requests) {
        AtomicInteger next = new AtomicInteger();
        List<Latencies> latencies = new ArrayList<>();
        List<Map<String, Long>> errors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Latencies mine = new Latencies();
            Map<String, Long> myErrors = new TreeMap<>();
            latencies.add(mine);
            errors.add(myErrors);
            HttpConnection connection = connections.forClient(client);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    pacer.await();
                    byte[] request = requests.request(client, i, connection.endpoint());
                    long sent = System.nanoTime();
                    try {
                        HttpResponse response = connection.call(request);
                        if (response.status() == 200) {
                            mine.record(System.nanoTime() - sent);
                        } else {
                            myErrors.merge(V3Json.errorOf(response), 1L, Long::sum);
                        }
                    } catch (IOException e) {
                        myErrors.merge(e.getMessage(), 1L, Long::sum);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long elapsed = System.nanoTime() - start;
        Map<String, Long> allErrors = new TreeMap<>();
        errors.forEach(m -> m.forEach((k, v) -> allErrors.merge(k, v, Long::sum)));
        return new Result(Statistics.of(Latencies.merge(latencies).sorted(), elapsed), allErrors);
    }
}
