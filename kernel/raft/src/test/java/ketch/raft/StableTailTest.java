package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.env.RandomSource;
import org.junit.jupiter.api.Test;

/** Persisted entries stay in memory until handed out to be applied, and never outlive a rewrite of the log. */
class StableTailTest {
    private static List<Entry> entries(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) out.add(Entry.normal(i, term, Bytes.of("e" + i)));
        return out;
    }

    @Test
    void holdsContiguousEntriesAndForgetsWhatIsApplied() {
        StableTail tail = new StableTail(100);
        tail.stabilized(entries(1, 5, 1), 6);
        tail.stabilized(entries(6, 8, 1), 9);
        assertTrue(tail.holds(1, 9));
        tail.dropBelow(4);
        assertFalse(tail.holds(3, 5));
        assertEquals(entries(4, 8, 1), tail.slice(4, 9));
    }

    @Test
    void aGapStartsOverAndTheBoundDropsTheOldest() {
        StableTail tail = new StableTail(4);
        tail.stabilized(entries(1, 3, 1), 4);
        tail.stabilized(entries(10, 12, 1), 13); // not contiguous: the old ones go
        assertFalse(tail.get(3).isPresent());
        tail.stabilized(entries(13, 14, 1), 15);
        assertFalse(tail.holds(10, 11), "at most 4 entries");
        assertTrue(tail.holds(11, 15));
    }

    @Test
    void truncationForgetsTheOverwrittenSuffix() {
        StableTail tail = new StableTail(100);
        tail.stabilized(entries(1, 5, 1), 6);
        tail.truncateFrom(4);
        assertTrue(tail.holds(1, 4));
        assertFalse(tail.get(4).isPresent());
        tail.truncateFrom(1);
        assertFalse(tail.get(1).isPresent());
    }

    /** A RaftStorage that counts reads of entries. */
    private static final class CountingStorage implements RaftStorage {
        final MemoryRaftStorage delegate = new MemoryRaftStorage();
        int entryReads;

        @Override public HardState hardState() { return delegate.hardState(); }
        @Override public SnapshotMetadata snapshot() { return delegate.snapshot(); }
        @Override public long firstIndex() { return delegate.firstIndex(); }
        @Override public long lastIndex() { return delegate.lastIndex(); }
        @Override public long term(long index) { return delegate.term(index); }

        @Override
        public List<Entry> entries(long lo, long hi, long maxBytes) {
            entryReads++;
            return delegate.entries(lo, hi, maxBytes);
        }
    }

    @Test
    void aLeaderCommitsWhatItPersistedWithoutReadingItBack() {
        CountingStorage storage = new CountingStorage();
        storage.delegate.applySnapshot(new SnapshotMetadata(0, 0, ConfState.ofVoters(List.of(1L, 2L, 3L))));
        storage.delegate.setHardState(new HardState(1, 1, 0));
        RaftNode node = new RaftNode(RaftConfig.defaults(1).withPreVote(false), storage, RandomSource.seeded(1));
        for (int i = 0; i < 40 && node.role() != Role.LEADER; i++) {
            node.tick();
            drain(node, storage);
        }
        assertEquals(Role.LEADER, node.role());
        drain(node, storage);
        node.propose(List.of(Bytes.of("x"), Bytes.of("y")));
        Ready rd = node.ready();
        long last = rd.entries().getLast().index();
        node.advance(rd);
        storage.delegate.persist(rd);
        node.persisted(last, rd.entries().getLast().term());
        int readsBefore = storage.entryReads;
        node.step(new AppendResponse(2, 1, node.term(), last, false, 0, 0));
        Ready commit = node.ready();
        assertEquals(last, commit.committedEntries().getLast().index(), "committed once a follower holds them");
        assertEquals(readsBefore, storage.entryReads, "and handed out from memory");
    }

    private static void drain(RaftNode node, CountingStorage storage) {
        while (node.hasReady()) {
            Ready rd = node.ready();
            node.advance(rd);
            storage.delegate.persist(rd);
            if (!rd.entries().isEmpty()) node.persisted(rd.entries().getLast().index(), rd.entries().getLast().term());
            for (var m : rd.messagesAfterPersist()) {
                if (m instanceof ketch.api.raft.RequestVote rv) {
                    node.step(new ketch.api.raft.VoteResponse(rv.to(), rv.from(), rv.term(), rv.preVote(), true));
                }
            }
            for (var m : rd.messages()) {
                if (m instanceof ketch.api.raft.AppendEntries a && !a.entries().isEmpty()) {
                    node.step(new AppendResponse(a.to(), a.from(), a.term(), a.entries().getLast().index(), false, 0, 0));
                }
            }
            if (!rd.committedEntries().isEmpty()) node.applied(rd.committedEntries().getLast().index());
        }
    }
}
