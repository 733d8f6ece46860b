package ketch.transport.tcp;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import ketch.api.raft.Message;
import ketch.api.raft.MessageCodec;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.SampleMessages;

/**
 * Prints loopback throughput of the tcp transport: heartbeats and 64 KiB AppendEntries, sent in
 * batches of 64 from one member to another, default settings. A program, not a test: run its
 * main with the test class path (argument: the number of heartbeats, default 200000). The
 * sender pauses while the peer's queue is half full, so the figure is delivery, not dropping.
 */
public final class TcpTransportBenchmark {
    private static final long A = 1;
    private static final long B = 2;

    public static void main(String[] args) {
        int heartbeats = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        run("heartbeats", heartbeats, seq -> SampleMessages.probe(A, B, 1, seq));
        run("64 KiB appends", Math.max(1, heartbeats / 100), seq -> SampleMessages.bigAppend(A, B, 1, 64 * 1024));
    }

    /** Sends {@code count} messages in batches of 64, pausing while the queue is half full, and times their delivery. */
    private static void run(String what, int count, LongFunction<Message> make) {
        var config = new DefaultsPluginConfig("tcp", Map.of());
        AtomicLong received = new AtomicLong();
        AtomicLong unreachable = new AtomicLong();
        try (TcpTransport a = (TcpTransport) new TcpTransportProvider().create(config, context(A));
                TcpTransport b = (TcpTransport) new TcpTransportProvider().create(config, context(B))) {
            b.start(inbound(received, unreachable));
            a.start(inbound(new AtomicLong(), unreachable));
            a.addPeer(B, List.of(URI.create("http://127.0.0.1:" + b.boundAddresses().getFirst().getPort())));
            int bytesPerMessage = MessageCodec.encodedSize(make.apply(0));
            // half of the default queue bounds, so nothing is dropped
            long queueLimit = Math.min(TcpTransportProvider.DEFAULT_MAX_QUEUED_MESSAGES, TcpTransportProvider.DEFAULT_MAX_QUEUED_BYTES / bytesPerMessage) / 2;
            long start = System.nanoTime();
            for (long seq = 0; seq < count; ) {
                if (a.queuedMessages(B) > queueLimit) {
                    LockSupport.parkNanos(50_000);
                    continue;
                }
                List<Message> batch = new ArrayList<>(64);
                for (int i = 0; i < 64 && seq < count; i++) batch.add(make.apply(seq++));
                a.send(batch);
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (received.get() < count && System.nanoTime() < deadline) LockSupport.parkNanos(100_000);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long got = received.get();
            System.out.printf("%-16s %,12.0f msg/s %,10.1f MiB/s  (%,d sent, %,d received in %.2f s, %,d unreachable reports)%n",
                    what, got / elapsed, (double) got * bytesPerMessage / elapsed / (1 << 20), count, got, elapsed, unreachable.get());
        }
    }

    private static TransportProvider.Context context(long id) {
        return new TransportProvider.Context(id, List.of(URI.create("http://127.0.0.1:0")), 4 << 20);
    }

    private static Transport.Inbound inbound(AtomicLong received, AtomicLong unreachable) {
        return new Transport.Inbound() {
            @Override
            public void receive(Message message) {
                received.incrementAndGet();
            }

            @Override
            public void unreachable(long peerId) {
                unreachable.incrementAndGet();
            }
        };
    }
}
