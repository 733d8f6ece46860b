package ketch.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code total} requests with {@code clients} concurrent callers over {@code conns} persistent
 * connections (round-robin over the endpoints; client i uses connection i mod conns, pipelining when
 * several share one), and times every request from send to complete response. The connections are
 * spread over one event-loop thread per core ({@link ClientLoop}).
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

    /** The endpoint of client {@code client}'s connection (the same assignment {@link #run} makes). */
    static Endpoint endpointOf(List<Endpoint> endpoints, int conns, int client) {
        return endpoints.get((client % conns) % endpoints.size());
    }

    static Result run(List<Endpoint> endpoints, int conns, int clients, int total, Pacer pacer, Requests requests)
            throws IOException {
        List<LoopConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < conns; i++) {
                Endpoint endpoint = endpoints.get(i % endpoints.size());
                try {
                    open.add(LoopConnection.open(endpoint));
                } catch (IOException e) {
                    throw new IOException("cannot connect to " + endpoint + ": " + e.getMessage(), e);
                }
            }
            LoopConnection[] connectionOfClient = new LoopConnection[clients];
            for (int c = 0; c < clients; c++) {
                connectionOfClient[c] = open.get(c % conns);
            }
            int loops = Math.min(conns, Math.max(1, Runtime.getRuntime().availableProcessors()));
            AtomicInteger next = new AtomicInteger();
            List<ClientLoop> clientLoops = new ArrayList<>();
            for (int l = 0; l < loops; l++) {
                List<LoopConnection> mine = new ArrayList<>();
                for (int i = l; i < conns; i += loops) {
                    mine.add(open.get(i));
                }
                clientLoops.add(new ClientLoop(mine, connectionOfClient, next, total, pacer, requests));
            }
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int l = 0; l < loops; l++) {
                threads.add(Thread.ofPlatform().name("bench-loop-" + l).start(clientLoops.get(l)));
            }
            for (Thread t : threads) {
                t.join();
            }
            long elapsed = System.nanoTime() - start;
            List<Latencies> latencies = new ArrayList<>();
            Map<String, Long> errors = new TreeMap<>();
            for (ClientLoop loop : clientLoops) {
                latencies.add(loop.latencies());
                loop.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
            }
            return new Result(Statistics.of(Latencies.merge(latencies).sorted(), elapsed), errors);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            open.forEach(LoopConnection::close);
        }
    }
}
