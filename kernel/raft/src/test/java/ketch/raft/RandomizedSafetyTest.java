package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;
import org.junit.jupiter.api.Test;

/**
 * A small seeded chaos run of the core (not the project's full simulator): asynchronous
 * persistence that a crash loses, reordered / dropped / duplicated messages, partitions,
 * snapshots with compaction. Checks election safety and state-machine safety after every event,
 * and that the group converges once healed.
 */
class RandomizedSafetyTest {
    private static final int MEMBERS = Integer.getInteger("raft.members", 3);
    private static final java.util.EnumSet<PlantedBug> BUGS = System.getProperty("raft.bug") == null
            ? java.util.EnumSet.noneOf(PlantedBug.class)
            : java.util.EnumSet.of(PlantedBug.valueOf(System.getProperty("raft.bug")));

    final class Member {
        final long id;
        final MemoryRaftStorage storage = new MemoryRaftStorage();
        RaftNode node;
        final ArrayDeque<Ready> unpersisted = new ArrayDeque<>();
        long appliedIndex;
        ConfState conf = ConfState.EMPTY;

        Member(long id) {
            this.id = id;
        }

        void start(long seed) {
            node = new RaftNode(RaftConfig.defaults(id).withFlowControl(4, 4096, Long.getLong("raft.msgBytes", 512)).withPlantedBugs(BUGS), storage, RandomSource.seeded(seed),
                    (meta, offset, max) -> {
                        int len = (int) Math.min(max, 1000 - offset);
                        return java.util.Optional.of(new SnapshotChunk(Bytes.wrap(new byte[Math.max(0, len)]), offset + len >= 1000));
                    });
            appliedIndex = storage.snapshot().index();
            conf = storage.snapshot().conf();
        }
    }

    private final TreeMap<Long, Member> members = new TreeMap<>();
    private final List<Message> network = new ArrayList<>();
    private final TreeMap<Long, Long> leaderOfTerm = new TreeMap<>();
    private final TreeMap<Long, Entry> appliedAt = new TreeMap<>();
    private final TreeSet<Long> isolated = new TreeSet<>();
    private SplittableRandom random;
    private int proposals;

    @Test
    void safetyHoldsAndTheGroupConvergesUnderChaos() {
        long totalApplied = 0;
        long totalLeaders = 0;
        long seeds = 0;
        for (long seed = Long.getLong("raft.seed", 1); seed <= Long.getLong("raft.seedTo", 60); seed++) {
            try {
                run(seed);
                totalApplied += appliedAt.size();
                totalLeaders += leaderOfTerm.size();
                seeds++;
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
        // the run must have done real work for its silence to mean anything
        assertTrue(totalApplied > seeds * 50, "applied entries " + totalApplied + " over " + seeds + " seeds");
        assertTrue(totalLeaders > seeds * 2, "leaders " + totalLeaders + " over " + seeds + " seeds");
        System.out.printf("chaos: %d seeds, %d entries applied, %d terms with a leader%n", seeds, totalApplied, totalLeaders);
    }

    private void run(long seed) {
        members.clear();
        network.clear();
        leaderOfTerm.clear();
        appliedAt.clear();
        isolated.clear();
        proposals = 0;
        random = new SplittableRandom(seed);
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= MEMBERS; i++) ids.add(i);
        for (long i : ids) {
            Member m = new Member(i);
            m.start(seed * 31 + i);
            m.node.bootstrap(ConfState.ofVoters(ids));
            members.put(i, m);
            take(m); // a node makes its bootstrap durable before it starts serving
            while (!m.unpersisted.isEmpty()) persistOne(m);
        }
        for (int step = 0; step < 4000; step++) {
            chaosEvent();
            check();
        }
        heal();
    }

    private void chaosEvent() {
        int roll = random.nextInt(1000);
        Member m = members.get(1L + random.nextInt(MEMBERS));
        if (roll < 450) {
            deliverRandom(true);
        } else if (roll < 600) {
            m.node.tick();
        } else if (roll < 800) {
            persistOne(m);
        } else if (roll < 950) {
            m.node.propose(List.of(Bytes.of("p" + proposals++)));
        } else if (roll < 958) {
            crash(m);
        } else if (roll < 970) {
            if (isolated.contains(m.id)) isolated.remove(m.id);
            else if (isolated.isEmpty()) isolated.add(m.id);
        } else if (roll < 980) {
            snapshot(m);
        } else if (roll < 995) {
            m.node.readIndex(random.nextLong(1, Long.MAX_VALUE));
        } else {
            m.node.transferLeadership(1L + random.nextInt(MEMBERS));
        }
        for (Member each : members.values()) take(each);
    }

    private void take(Member m) {
        while (m.node.hasReady()) {
            Ready rd = m.node.ready();
            m.node.advance(rd);
            network.addAll(rd.messages());
            if (rd.mustPersist() || !rd.messagesAfterPersist().isEmpty()) m.unpersisted.add(rd);
            // apply the committed entries (they are durable already)
            rd.snapshot().ifPresent(s -> {
                m.appliedIndex = s.metadata().index();
                m.conf = s.metadata().conf();
            });
            for (Entry e : rd.committedEntries()) {
                assertEquals(m.appliedIndex + 1, e.index(), "member " + m.id + " applies in order");
                m.appliedIndex = e.index();
                Entry first = appliedAt.putIfAbsent(e.index(), e);
                if (first != null && !first.equals(e)) {
                    fail("state machine safety: member " + m.id + " applied " + e + " where another applied " + first);
                }
                if (e.type() == Entry.Type.CONF_CHANGE) m.conf = m.node.applyConfChange(ConfChange.of(e));
            }
            if (!rd.committedEntries().isEmpty()) m.node.applied(m.appliedIndex);
            if (rd.snapshot().isPresent()) m.node.applied(m.appliedIndex);
        }
    }

    private void persistOne(Member m) {
        Ready rd = m.unpersisted.poll();
        if (rd == null) return;
        m.storage.persist(rd);
        network.addAll(rd.messagesAfterPersist());
        if (!rd.entries().isEmpty()) {
            m.node.persisted(rd.entries().getLast().index(), rd.entries().getLast().term());
        } else if (rd.snapshot().isPresent()) {
            m.node.persisted(rd.snapshot().get().metadata().index(), rd.snapshot().get().metadata().term());
        }
    }

    private void crash(Member m) {
        m.unpersisted.clear(); // unsynced writes and the messages waiting for them are lost
        m.start(random.nextLong());
    }

    private void snapshot(Member m) {
        long index = m.appliedIndex;
        if (index <= m.storage.snapshot().index() || index > m.storage.lastIndex()) return;
        SnapshotMetadata meta = new SnapshotMetadata(index, m.storage.term(index), m.conf);
        m.node.snapshotTaken(meta);
        m.storage.applySnapshot(meta);
        m.storage.compact(Math.max(m.storage.firstIndex() - 1, index - random.nextInt(3)));
    }

    private void deliverRandom(boolean chaos) {
        if (network.isEmpty()) return;
        Message msg = network.remove(chaos ? random.nextInt(network.size()) : 0);
        if (isolated.contains(msg.from()) || isolated.contains(msg.to())) return;
        if (chaos && random.nextInt(100) < 5) return; // dropped
        if (chaos && random.nextInt(100) < 3) network.add(msg); // duplicated
        members.get(msg.to()).node.step(msg);
    }

    private void check() {
        for (Member m : members.values()) {
            if (m.node.role() == Role.LEADER) {
                Long previous = leaderOfTerm.putIfAbsent(m.node.term(), m.id);
                if (previous != null && previous != m.id) {
                    fail("election safety: members " + previous + " and " + m.id + " both led term " + m.node.term());
                }
                if (previous == null) checkLeaderCompleteness(m);
            }
        }
    }

    /** Raft §5.4: a new leader holds every entry any member has applied (compacted ones aside). */
    private void checkLeaderCompleteness(Member leader) {
        long first = leader.node.firstIndex();
        for (Entry e : appliedAt.tailMap(first, true).values()) {
            if (leader.node.termAt(e.index()) != e.term()) {
                fail("leader completeness: leader " + leader.id + " of term " + leader.node.term() + " has term "
                        + leader.node.termAt(e.index()) + " at " + e.index() + " where " + e + " was applied");
            }
        }
    }

    private void heal() {
        isolated.clear();
        for (int round = 0; round < 400; round++) {
            for (Member m : members.values()) m.node.tick();
            for (Member m : members.values()) take(m);
            for (int i = 0; i < 200 && (!network.isEmpty() || anyUnpersisted()); i++) {
                for (Member m : members.values()) {
                    while (!m.unpersisted.isEmpty()) persistOne(m);
                    take(m);
                }
                while (!network.isEmpty()) {
                    deliverRandom(false);
                    for (Member m : members.values()) take(m);
                }
            }
            check();
        }
        long leaders = members.values().stream().filter(m -> m.node.role() == Role.LEADER).count();
        assertEquals(1, leaders, () -> "one leader after healing: " + statuses());
        Member leader = members.values().stream().filter(m -> m.node.role() == Role.LEADER).findFirst().orElseThrow();
        leader.node.propose(List.of(Bytes.of("final")));
        for (int round = 0; round < 20; round++) {
            for (Member m : members.values()) m.node.tick();
            for (int i = 0; i < 50; i++) {
                for (Member m : members.values()) {
                    take(m);
                    while (!m.unpersisted.isEmpty()) persistOne(m);
                    take(m);
                }
                while (!network.isEmpty()) deliverRandom(false);
            }
        }
        long last = leader.node.status().commit();
        for (Member m : members.values()) {
            assertEquals(last, m.appliedIndex, "member " + m.id + " converged: " + m.node.status());
        }
        assertTrue(appliedAt.get(last).data().toStringUtf8().equals("final"));
    }

    private String statuses() {
        StringBuilder sb = new StringBuilder();
        for (Member m : members.values()) {
            sb.append("\n  ").append(m.node.status()).append(" appliedIndex=").append(m.appliedIndex)
                    .append(" storage first=").append(m.storage.firstIndex()).append(" last=").append(m.storage.lastIndex())
                    .append(" snap=").append(m.storage.snapshot().index()).append(" hs=").append(m.storage.hardState());
        }
        return sb.toString();
    }

    private boolean anyUnpersisted() {
        return members.values().stream().anyMatch(m -> !m.unpersisted.isEmpty());
    }
}
