package ketch.raft;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;

/**
 * A tiny deterministic cluster for unit tests: synchronous persistence, a FIFO network with
 * partitions and a drop filter, and a state machine that records applied commands.
 */
final class Cluster {
    final class Member {
        final long id;
        MemoryRaftStorage storage = new MemoryRaftStorage();
        RaftNode node;
        final List<Bytes> applied = new ArrayList<>();
        final List<Entry> committed = new ArrayList<>();
        final List<ReadState> reads = new ArrayList<>();
        final TreeMap<Long, Bytes> snapshots = new TreeMap<>();
        ConfState conf = ConfState.EMPTY;
        boolean autoPersist = true;
        final List<Ready> heldReadies = new ArrayList<>();

        Member(long id) {
            this.id = id;
        }

        void start(RaftConfig cfg, long seed) {
            node = new RaftNode(cfg.withId(id), storage, RandomSource.seeded(seed), this::readSnapshot);
        }

        Optional<SnapshotChunk> readSnapshot(SnapshotMetadata meta, long offset, int max) {
            Bytes data = snapshots.get(meta.index());
            if (data == null) return Optional.empty();
            int from = (int) offset;
            int len = Math.min(max, data.size() - from);
            byte[] all = data.toByteArray();
            return Optional.of(new SnapshotChunk(Bytes.copyOf(all, from, len), from + len == all.length));
        }

        /** Takes a state-machine snapshot at the applied index and compacts the log up to {@code upTo}. */
        void snapshotAndCompact(long upTo) {
            long index = node.status().applied();
            SnapshotMetadata meta = new SnapshotMetadata(index, storage.term(index), conf);
            snapshots.put(index, encode(applied));
            node.snapshotTaken(meta);
            storage.applySnapshot(meta);
            storage.compact(Math.min(upTo, index));
        }
    }

    final TreeMap<Long, Member> members = new TreeMap<>();
    final ArrayDeque<Message> network = new ArrayDeque<>();
    final Set<Long> isolated = new HashSet<>();
    Predicate<Message> drop = m -> false;
    final List<Message> delivered = new ArrayList<>();
    private final RaftConfig config;

    Cluster(RaftConfig config, long... ids) {
        this.config = config;
        List<Long> voters = new ArrayList<>();
        for (long id : ids) voters.add(id);
        for (long id : ids) {
            Member m = new Member(id);
            m.start(config, id * 7919);
            m.node.bootstrap(ConfState.ofVoters(voters));
            members.put(id, m);
        }
        processAll();
    }

    private Cluster(RaftConfig config) {
        this.config = config;
    }

    /** Members with the given logs (voters = the map's keys), all at {@code term}, none having voted. */
    static Cluster withLogs(RaftConfig config, long term, java.util.Map<Long, List<Entry>> logs) {
        Cluster c = new Cluster(config);
        List<Long> voters = new ArrayList<>(new java.util.TreeSet<>(logs.keySet()));
        for (long id : voters) {
            Member m = c.new Member(id);
            m.storage.applySnapshot(new SnapshotMetadata(0, 0, ConfState.ofVoters(voters)));
            m.storage.append(logs.get(id));
            m.storage.setHardState(new ketch.api.raft.HardState(term, 0, 0));
            m.conf = ConfState.ofVoters(voters);
            m.start(config, id * 7919);
            c.members.put(id, m);
        }
        return c;
    }

    static Cluster of(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i + 1;
        return new Cluster(RaftConfig.defaults(1), ids);
    }

    Member member(long id) {
        return members.get(id);
    }

    RaftNode node(long id) {
        return members.get(id).node;
    }

    /** Adds a member with empty storage (not bootstrapped): it joins through a conf change. */
    Member addEmpty(long id) {
        Member m = new Member(id);
        m.start(config, id * 7919);
        members.put(id, m);
        return m;
    }

    /** Restarts a member from its storage (as after a crash with everything synced). */
    void restart(long id) {
        Member m = members.get(id);
        m.start(config, id * 104729);
        m.applied.clear();
        m.committed.clear();
        long snap = m.storage.snapshot().index();
        if (snap > 0) m.applied.addAll(decode(m.snapshots.get(snap)));
        m.conf = m.storage.snapshot().conf();
    }

    /** Handles every pending Ready of every member. */
    void processAll() {
        for (Member m : members.values()) process(m);
    }

    void process(Member m) {
        while (m.node.hasReady()) {
            Ready rd = m.node.ready();
            network.addAll(rd.messages());
            m.node.advance(rd);
            if (m.autoPersist) {
                persist(m, rd);
            } else {
                m.heldReadies.add(rd);
            }
            m.reads.addAll(rd.readStates());
            apply(m, rd);
        }
    }

    void persist(Member m, Ready rd) {
        m.storage.persist(rd);
        network.addAll(rd.messagesAfterPersist());
        if (!rd.entries().isEmpty()) {
            Entry last = rd.entries().getLast();
            m.node.persisted(last.index(), last.term());
        } else if (rd.snapshot().isPresent()) {
            SnapshotMetadata meta = rd.snapshot().get().metadata();
            m.node.persisted(meta.index(), meta.term());
        }
    }

    /** Persists the Readies a member held back (autoPersist off). */
    void flush(long id) {
        Member m = members.get(id);
        List<Ready> held = List.copyOf(m.heldReadies);
        m.heldReadies.clear();
        for (Ready rd : held) persist(m, rd);
    }

    private void apply(Member m, Ready rd) {
        rd.snapshot().ifPresent(s -> {
            m.applied.clear();
            m.applied.addAll(decode(s.data()));
            m.conf = s.metadata().conf();
            m.snapshots.put(s.metadata().index(), s.data());
            m.node.applied(s.metadata().index());
        });
        for (Entry e : rd.committedEntries()) {
            m.committed.add(e);
            if (e.type() == Entry.Type.CONF_CHANGE) {
                m.conf = m.node.applyConfChange(ConfChange.of(e));
            } else if (!e.data().isEmpty()) {
                m.applied.add(e.data());
            }
            m.node.applied(e.index());
        }
    }

    /** Delivers queued messages (and what they cause) until the network is quiet. */
    void stabilize() {
        processAll();
        int guard = 0;
        while (!network.isEmpty()) {
            if (++guard > 1_000_000) {
                List<Message> tail = delivered.subList(Math.max(0, delivered.size() - 12), delivered.size());
                throw new IllegalStateException("cluster did not stabilize; last delivered: " + tail);
            }
            deliverOne();
            processAll();
        }
    }

    /** Delivers just the messages queued right now. */
    void deliverQueued() {
        int n = network.size();
        for (int i = 0; i < n; i++) deliverOne();
        processAll();
    }

    private void deliverOne() {
        Message msg = network.poll();
        Member to = members.get(msg.to());
        if (to == null || isolated.contains(msg.from()) || isolated.contains(msg.to()) || drop.test(msg)) return;
        delivered.add(msg);
        to.node.step(msg);
        process(to);
    }

    void tick(long id, int times) {
        for (int i = 0; i < times; i++) {
            node(id).tick();
            process(members.get(id));
        }
    }

    void tickAll(int times) {
        for (int i = 0; i < times; i++) {
            for (Member m : members.values()) m.node.tick();
            stabilize();
        }
    }

    /** Makes {@code id} leader by timing it out alone, then lets the election play out. */
    void elect(long id) {
        RaftNode n = node(id);
        for (int i = 0; i < 100 && n.role() != Role.LEADER; i++) {
            n.tick();
            process(members.get(id));
            stabilize();
        }
        if (n.role() != Role.LEADER) throw new AssertionError("member " + id + " did not become leader: " + n.status());
    }

    ProposeResult propose(long id, String... commands) {
        List<Bytes> cmds = new ArrayList<>();
        for (String c : commands) cmds.add(Bytes.of(c));
        ProposeResult r = node(id).propose(cmds);
        process(members.get(id));
        return r;
    }

    List<String> applied(long id) {
        return members.get(id).applied.stream().map(Bytes::toStringUtf8).toList();
    }

    long leader() {
        for (Member m : members.values()) if (m.node.role() == Role.LEADER && !isolated.contains(m.id)) return m.id;
        return 0;
    }

    static Bytes encode(List<Bytes> commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Bytes b : commands) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.size()).array());
            out.writeBytes(b.toByteArray());
        }
        return Bytes.wrap(out.toByteArray());
    }

    static List<Bytes> decode(Bytes data) {
        List<Bytes> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(data.toByteArray());
        while (buf.hasRemaining()) {
            byte[] b = new byte[buf.getInt()];
            buf.get(b);
            out.add(Bytes.wrap(b));
        }
        return out;
    }
}
