package ketch.raft;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;

/** Builds single cores with a chosen log and hard state, and drains their Readies synchronously. */
final class Fixture {
    final MemoryRaftStorage storage = new MemoryRaftStorage();
    final RaftNode node;
    final List<ReadState> reads = new ArrayList<>();
    final List<Entry> committed = new ArrayList<>();

    Fixture(RaftConfig config, List<Long> voters, long term, long vote, List<Entry> log) {
        storage.applySnapshot(new SnapshotMetadata(0, 0, ConfState.ofVoters(voters)));
        storage.append(log);
        storage.setHardState(new HardState(term, vote, 0));
        node = new RaftNode(config, storage, RandomSource.seeded(config.id()));
    }

    /** Member {@code id} of voters 1..n, no pre-vote (so §5.2 shows plainly), empty log, term 0. */
    static Fixture plain(long id, int n) {
        return new Fixture(noPreVote(id), ids(n), 0, 0, List.of());
    }

    static RaftConfig noPreVote(long id) {
        return RaftConfig.defaults(id).withPreVote(false);
    }

    static List<Long> ids(int n) {
        List<Long> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) ids.add(i);
        return ids;
    }

    /** Entries 1..terms.length with the given terms. */
    static List<Entry> log(long... terms) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) out.add(Entry.normal(i + 1, terms[i], Bytes.of("e" + (i + 1))));
        return out;
    }

    /** Persists and applies everything pending; returns all messages (immediate and after-persist). */
    List<Message> drain() {
        List<Message> out = new ArrayList<>();
        while (node.hasReady()) {
            Ready rd = node.ready();
            node.advance(rd);
            storage.persist(rd);
            out.addAll(rd.messages());
            out.addAll(rd.messagesAfterPersist());
            reads.addAll(rd.readStates());
            if (!rd.entries().isEmpty()) node.persisted(rd.entries().getLast().index(), rd.entries().getLast().term());
            for (Entry e : rd.committedEntries()) {
                committed.add(e);
                node.applied(e.index());
            }
        }
        return out;
    }

    void tick(int n) {
        for (int i = 0; i < n; i++) node.tick();
    }

    /** Times the member out and lets it win with the votes of every other voter. */
    void becomeLeader() {
        tick(2 * RaftConfig.defaults(1).electionTicks());
        for (Message m : drain()) {
            if (m instanceof ketch.api.raft.RequestVote rv) {
                node.step(new ketch.api.raft.VoteResponse(rv.to(), rv.from(), rv.term(), rv.preVote(), true));
            }
        }
        for (Message m : drain()) {
            if (m instanceof ketch.api.raft.RequestVote rv) {
                node.step(new ketch.api.raft.VoteResponse(rv.to(), rv.from(), rv.term(), rv.preVote(), true));
            }
        }
        if (node.role() != Role.LEADER) throw new AssertionError("not leader: " + node.status());
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> List<T> only(List<Message> msgs, Class<T> type) {
        return (List<T>) msgs.stream().filter(type::isInstance).toList();
    }
}
