package ketch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * watch and watch-latency. An event's latency runs from the moment its put was sent (stamped into
 * the value) to its arrival on the watch stream, so it includes the put's commit.
 */
final class WatchBenchmarks {
    private static final long CREATE_TIMEOUT_SECONDS = 60;
    private static final long DELIVERY_TIMEOUT_SECONDS = 30;

    private WatchBenchmarks() {}

    /** Collects one stream's figures on its reader thread and counts everything shared. */
    private static final class Tally implements WatchStream.Listener {
        final Latencies creations = new Latencies();
        final Latencies events = new Latencies();
        final long openedAt = System.nanoTime();
        final Shared shared;

        Tally(Shared shared) {
            this.shared = shared;
        }

        @Override
        public void created(long atNanos) {
            creations.record(atNanos - openedAt);
            shared.created.countDown();
        }

        @Override
        public void event(byte[] value, long atNanos) {
            long stamp = Keys.stampOf(value);
            if (stamp < 0) {
                shared.errors.merge("event without a put stamp", 1L, Long::sum);
            } else {
                events.record(atNanos - stamp);
            }
            shared.lastEventAt.accumulateAndGet(atNanos, Math::max);
            shared.received.incrementAndGet();
            CountDownLatch waiting = shared.delivery;
            if (waiting != null) {
                waiting.countDown();
            }
        }

        @Override
        public void failed(String error) {
            shared.errors.merge(error, 1L, Long::sum);
        }
    }

    /** State every stream of a run updates. */
    private static final class Shared {
        final CountDownLatch created;
        final AtomicLong received = new AtomicLong();
        final AtomicLong lastEventAt = new AtomicLong();
        final Map<String, Long> errors = new ConcurrentHashMap<>();
        volatile CountDownLatch delivery;

        Shared(int watchers) {
            this.created = new CountDownLatch(watchers);
        }
    }

    static void watch(CommandLine.Global global, BenchCommand.Watch watch, PrintStream out)
            throws IOException, InterruptedException {
        Keys.checkKeySpace(watch.keySize(), watch.watchedKeyTotal());
        int watchers = watch.streams() * watch.watchPerStream();
        long[] watchersOfKey = new long[watch.watchedKeyTotal()];
        Shared shared = new Shared(watchers);
        List<Tally> tallies = new ArrayList<>();
        List<WatchStream> streams = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int s = 0; s < watch.streams(); s++) {
                List<byte[]> keys = new ArrayList<>();
                for (int w = 0; w < watch.watchPerStream(); w++) {
                    int k = (s * watch.watchPerStream() + w) % watch.watchedKeyTotal();
                    watchersOfKey[k]++;
                    keys.add(Keys.key(watch.keySize(), k));
                }
                Tally tally = new Tally(shared);
                tallies.add(tally);
                streams.add(new WatchStream(global.endpoints().get(s % global.endpoints().size()), keys, tally));
            }
            awaitCreated(shared, watchers);
            out.println("Watch creation summary:");
            out.print(report(tallies, true, System.nanoTime() - start, shared.errors));

            SplittableRandom random = new SplittableRandom(20_240_601L);
            int[] keyOfPut = new int[watch.putTotal()];
            long expected = 0;
            for (int i = 0; i < keyOfPut.length; i++) {
                keyOfPut[i] = watch.sequentialKeys() ? i % watch.watchedKeyTotal() : random.nextInt(watch.watchedKeyTotal());
                expected += watchersOfKey[keyOfPut[i]];
            }
            shared.delivery = new CountDownLatch(Math.toIntExact(expected));
            long putStart = System.nanoTime();
            LoadRun.Result puts = LoadRun.run(global.endpoints(), global.conns(), global.clients(), watch.putTotal(),
                    new Pacer(watch.putRate()), (client, i, ep) -> HttpConnection.post(ep, "/v3/kv/put",
                            V3Json.put(Keys.key(watch.keySize(), keyOfPut[i]), Keys.stamped(8, System.nanoTime()))));
            boolean all = shared.delivery.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<String, Long> errors = new TreeMap<>(shared.errors);
            errors.putAll(puts.errors());
            if (!all) {
                errors.put("events not received within " + DELIVERY_TIMEOUT_SECONDS + "s after the last put",
                        shared.delivery.getCount());
            }
            long total = Math.max(shared.lastEventAt.get() - putStart, 0);
            streams.forEach(WatchStream::close); // readers stopped: their figures are final
            out.println("Watch events received summary:");
            out.print(report(tallies, false, total, errors));
        } finally {
            streams.forEach(WatchStream::close);
        }
    }

    static void watchLatency(CommandLine.Global global, BenchCommand.WatchLatency latency, PrintStream out)
            throws IOException, InterruptedException {
        int watchers = latency.streams() * latency.watchersPerStream();
        byte[] key = Keys.key(latency.keySize(), 1);
        List<byte[]> keys = new ArrayList<>();
        for (int w = 0; w < latency.watchersPerStream(); w++) {
            keys.add(key);
        }
        Shared shared = new Shared(watchers);
        List<Tally> tallies = new ArrayList<>();
        List<WatchStream> streams = new ArrayList<>();
        try {
            for (int s = 0; s < latency.streams(); s++) {
                Tally tally = new Tally(shared);
                tallies.add(tally);
                streams.add(new WatchStream(global.endpoints().get(s % global.endpoints().size()), keys, tally));
            }
            awaitCreated(shared, watchers);
            Pacer pacer = new Pacer(latency.putRate());
            Map<String, Long> errors = new TreeMap<>();
            long start = System.nanoTime();
            try (HttpConnection put = new HttpConnection(global.endpoints().getFirst())) {
                for (int i = 0; i < latency.putTotal(); i++) {
                    pacer.await();
                    CountDownLatch delivered = new CountDownLatch(watchers);
                    shared.delivery = delivered;
                    HttpResponse response = put.call(HttpConnection.post(put.endpoint(), "/v3/kv/put",
                            V3Json.put(key, Keys.stamped(latency.valSize(), System.nanoTime()))));
                    if (response.status() != 200) {
                        errors.merge("put failed: " + V3Json.errorOf(response), 1L, Long::sum);
                        continue;
                    }
                    if (!delivered.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        errors.merge("event missing after " + DELIVERY_TIMEOUT_SECONDS + "s", delivered.getCount(),
                                Long::sum);
                    }
                }
            }
            long total = System.nanoTime() - start;
            streams.forEach(WatchStream::close); // readers stopped: their figures are final
            errors.putAll(shared.errors);
            out.print(report(tallies, false, total, errors));
        } finally {
            streams.forEach(WatchStream::close);
        }
    }

    private static void awaitCreated(Shared shared, int watchers) throws IOException, InterruptedException {
        if (!shared.created.await(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException(shared.created.getCount() + " of " + watchers + " watchers not created within "
                    + CREATE_TIMEOUT_SECONDS + "s; errors: " + shared.errors + ". Against etcd, use one watcher per"
                    + " stream: its JSON gateway drops the rest of a request body once it sent its first answer");
        }
    }

    private static String report(List<Tally> tallies, boolean creations, long totalNanos, Map<String, Long> errors) {
        List<Latencies> parts = new ArrayList<>();
        tallies.forEach(t -> parts.add(creations ? t.creations : t.events));
        Statistics statistics = Statistics.of(Latencies.merge(parts).sorted(), totalNanos);
        return ReportFormat.format(statistics, new TreeMap<>(errors));
    }
}
