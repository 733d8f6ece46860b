package ketch.raft.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.Message;
import ketch.raft.MemoryRaftStorage;
import ketch.raft.RaftConfig;
import ketch.raft.RaftNode;
import ketch.raft.Ready;
import ketch.raft.Role;

/**
 * Throughput of the Raft core alone: a 3-member group in one thread, memory storage, synchronous
 * delivery. Each round proposes a batch on the leader, then runs propose → ready → persist →
 * advance → persisted → deliver until the batch is applied everywhere. Prints proposals/s per
 * batch size. A program, not a test: {@code CoreBenchmark [seconds-per-batch-size]}.
 */
public final class CoreBenchmark {
    private static final int MEMBERS = 3;
    private static final Bytes COMMAND = Bytes.wrap(new byte[100]);

    private final List<RaftNode> nodes = new ArrayList<>();
    private final List<MemoryRaftStorage> storages = new ArrayList<>();
    private final long[] applied = new long[MEMBERS];
    private final ArrayDeque<Message> network = new ArrayDeque<>();

    private CoreBenchmark() {
        List<Long> ids = List.of(1L, 2L, 3L);
        for (long id : ids) {
            MemoryRaftStorage storage = new MemoryRaftStorage();
            RaftNode node = new RaftNode(RaftConfig.defaults(id), storage, RandomSource.seeded(id));
            node.bootstrap(ConfState.ofVoters(ids));
            storages.add(storage);
            nodes.add(node);
        }
        pump();
        while (nodes.getFirst().role() != Role.LEADER) {
            nodes.getFirst().tick();
            pump();
        }
    }

    /** Handles every Ready and delivers every message until the group is quiet. */
    private void pump() {
        boolean busy = true;
        while (busy) {
            busy = false;
            for (int i = 0; i < MEMBERS; i++) {
                RaftNode node = nodes.get(i);
                while (node.hasReady()) {
                    busy = true;
                    Ready rd = node.ready();
                    network.addAll(rd.messages());
                    node.advance(rd);
                    storages.get(i).persist(rd);
                    network.addAll(rd.messagesAfterPersist());
                    if (!rd.entries().isEmpty()) {
                        Entry last = rd.entries().getLast();
                        node.persisted(last.index(), last.term());
                    }
                    if (!rd.committedEntries().isEmpty()) {
                        applied[i] = rd.committedEntries().getLast().index();
                        node.applied(applied[i]);
                    }
                }
            }
            while (!network.isEmpty()) {
                busy = true;
                Message m = network.poll();
                nodes.get((int) m.to() - 1).step(m);
            }
        }
    }

    /** Proposes batches of {@code batch} commands for {@code seconds}; returns proposals per second. */
    private double run(int batch, double seconds) {
        List<Bytes> commands = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) commands.add(COMMAND);
        RaftNode leader = nodes.getFirst();
        long proposals = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            for (int r = 0; r < 16; r++) {
                leader.propose(commands);
                pump();
                proposals += batch;
            }
            // the group must stay healthy for the figure to mean anything; compaction keeps memory flat
            long last = leader.status().lastIndex();
            for (long a : applied) {
                if (a != last) throw new IllegalStateException("not applied everywhere: " + a + " vs " + last);
            }
            compact();
        }
        return proposals / ((System.nanoTime() - start) / 1e9);
    }

    private void compact() {
        for (int i = 0; i < MEMBERS; i++) {
            long upTo = applied[i] - 1000;
            if (upTo > storages.get(i).firstIndex()) storages.get(i).compact(upTo);
        }
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        System.out.printf("Raft core, %d members, one thread, memory storage, %d-byte commands%n", MEMBERS, COMMAND.size());
        for (int batch : new int[] {1, 16, 256}) {
            CoreBenchmark bench = new CoreBenchmark();
            bench.run(batch, Math.max(0.5, seconds / 3)); // warm-up
            double rate = bench.run(batch, seconds);
            System.out.printf("batch %4d: %,12.0f proposals/s%n", batch, rate);
        }
    }
}
