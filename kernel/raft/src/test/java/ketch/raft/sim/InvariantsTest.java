package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.Entry;
import org.junit.jupiter.api.Test;

/** Each invariant check fires on a hand-made violation and stays quiet on the legal variant. */
class InvariantsTest {

    private static Entry e(long index, long term, String data) {
        return Entry.normal(index, term, Bytes.of(data));
    }

    private static SimDisk diskWith(Entry... entries) {
        SimDisk disk = new SimDisk();
        disk.write(List.of(entries));
        return disk;
    }

    @Test
    void twoLeadersInOneTermBreakElectionSafety() {
        Invariants inv = new Invariants();
        assertTrue(inv.leaderObserved(1, 5, new SimDisk()));
        inv.leaderObserved(1, 6, new SimDisk());
        assertTrue(inv.violations().isEmpty());
        inv.leaderObserved(2, 5, new SimDisk());
        assertEquals(Violation.Check.ELECTION_SAFETY, inv.first().orElseThrow().check());
    }

    @Test
    void sameIndexAndTermWithDifferentEntriesBreaksLogMatching() {
        Invariants inv = new Invariants();
        SimDisk a = diskWith(e(1, 1, "x"));
        inv.entriesWritten(1, List.of(e(1, 1, "x")), List.of(), a);
        SimDisk b = diskWith(e(1, 1, "x"));
        inv.entriesWritten(2, List.of(e(1, 1, "x")), List.of(), b);
        assertTrue(inv.violations().isEmpty());
        SimDisk c = diskWith(e(1, 1, "y"));
        inv.entriesWritten(3, List.of(e(1, 1, "y")), List.of(), c);
        assertEquals(Violation.Check.LOG_MATCHING, inv.first().orElseThrow().check());
    }

    @Test
    void sameIndexAndTermAfterDifferentPrefixesBreaksLogMatching() {
        Invariants inv = new Invariants();
        SimDisk a = diskWith(e(1, 1, "p"), e(2, 3, "x"));
        inv.entriesWritten(1, List.of(e(2, 3, "x")), List.of(), a);
        SimDisk b = diskWith(e(1, 2, "q"), e(2, 3, "x"));
        inv.entriesWritten(2, List.of(e(2, 3, "x")), List.of(), b);
        assertEquals(Violation.Check.LOG_MATCHING, inv.first().orElseThrow().check());
    }

    @Test
    void aLeaderWithoutACommittedEntryBreaksLeaderCompleteness() {
        Invariants inv = new Invariants();
        inv.committedObserved(1, 2, e(1, 2, "c"));
        assertTrue(inv.leaderObserved(2, 2, new SimDisk())); // committed in term 2 may postdate this leader
        assertTrue(inv.violations().isEmpty());
        inv.leaderObserved(3, 3, diskWith(e(1, 2, "c")));
        assertTrue(inv.violations().isEmpty());
        inv.leaderObserved(2, 4, diskWith(e(1, 3, "other")));
        assertEquals(Violation.Check.LEADER_COMPLETENESS, inv.first().orElseThrow().check());
    }

    @Test
    void overwritingACommittedEntryBreaksLeaderCompleteness() {
        Invariants inv = new Invariants();
        inv.committedObserved(1, 2, e(1, 2, "c"));
        SimDisk disk = diskWith(e(1, 2, "c"));
        List<Entry> replaced = disk.write(List.of(e(1, 3, "d")));
        inv.entriesWritten(1, List.of(e(1, 3, "d")), replaced, disk);
        assertEquals(Violation.Check.LEADER_COMPLETENESS, inv.first().orElseThrow().check());
    }

    @Test
    void applyingDifferentEntriesAtOneIndexBreaksStateMachineSafety() {
        Invariants inv = new Invariants();
        inv.applied(1, 2, e(1, 2, "a"));
        inv.applied(2, 2, e(1, 2, "a"));
        assertTrue(inv.violations().isEmpty());
        inv.applied(3, 3, e(1, 3, "b"));
        assertEquals(Violation.Check.STATE_MACHINE_SAFETY, inv.first().orElseThrow().check());
    }
}
