// The alternative client ketch-bench did not take: java.net.http's HttpClient forced to HTTP/1.1
// with an executor sized to the clients. Run it against the same trivial server as ketch-bench and
// wrk to compare (docs/benchmarks.md):
//   java distribution/src/bench/HttpClientProbe.java http://127.0.0.1:18080/v3/kv/put 100 100000
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

public class HttpClientProbe {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        int total = Integer.parseInt(args[2]);
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
        String body = "{\"key\":\"AAAAAAAAAAE=\",\"value\":\"" + "dg==".repeat(64) + "\"}";
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Thread[] threads = new Thread[clients];
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            threads[c] = Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < total) {
                    try {
                        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("HttpClient HTTP/1.1, %d clients: %d requests in %.2f s = %.0f requests/s, %d failed%n",
                clients, total, secs, total / secs, failed.get());
        executor.shutdownNow();
    }
}
