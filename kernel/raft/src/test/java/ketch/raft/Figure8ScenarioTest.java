package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.Entry;
import org.junit.jupiter.api.Test;

/**
 * Raft's Figure 8 (§5.4.2) on three members, with the leader's own disk stalled so that its vote
 * for its term's first entry is missing: a correct leader does not commit the earlier-term entry
 * X by counting followers, the planted bug does, and a later leader then erases X.
 */
class Figure8ScenarioTest {
    private static final RaftConfig PAPER = RaftConfig.defaults(1).withPreVote(false).withCheckQuorum(false);

    /** What each member applied, including what a member applied before it crashed. */
    private static final class Applied {
        final List<List<String>> byMember = new ArrayList<>();
    }

    private static Cluster play(RaftConfig config, Applied appliedBeforeCrash) {
        Cluster c = new Cluster(config, 1, 2, 3);
        // (a) S1 leads term 2; X reaches S1 alone
        c.elect(1);
        c.stabilize();
        c.isolated.add(1L);
        c.propose(1, "X");
        c.stabilize();
        // (b) S1 crashes; S2 wins term 3 with S3's vote, and its term-3 entry reaches nobody
        c.restart(1);
        c.drop = m -> m.from() == 2 && m instanceof AppendEntries;
        c.elect(2);
        c.stabilize();
        // (c) S2 crashes and is cut off; S1 returns and wins a later term while its disk stalls
        c.restart(2);
        c.isolated.clear();
        c.isolated.add(2L);
        c.drop = m -> false;
        for (int i = 0; i < 200; i++) {
            c.tick(1, 1);
            if (c.node(1).role() == Role.CANDIDATE && c.node(1).term() > c.node(3).term()) break;
            c.deliverQueued();
        }
        c.member(1).autoPersist = false; // term and vote are durable, vote requests are out
        c.stabilize(); // S1 leads; S3 acknowledges X and the new term's entry; S1's own write hangs
        appliedBeforeCrash.byMember.add(c.applied(1));
        appliedBeforeCrash.byMember.add(c.applied(3));
        // (d) S1 crashes before its fsync; S2 returns and campaigns
        c.member(1).heldReadies.clear();
        c.member(1).autoPersist = true;
        c.restart(1);
        c.isolated.clear();
        for (int i = 0; i < 300 && c.node(2).role() != Role.LEADER; i++) {
            c.tick(2, 1);
            c.stabilize();
        }
        c.tickAll(3);
        return c;
    }

    /** Three bootstrap entries, S1's empty term-2 entry, then X. */
    private static final long X_INDEX = 5;

    @Test
    void correctLeaderDoesNotCommitXByCountingSoErasingItLaterIsSafe() {
        Applied applied = new Applied();
        Cluster c = play(PAPER, applied);
        assertTrue(applied.byMember.stream().noneMatch(l -> l.contains("X")), "X was never applied: " + applied.byMember);
        assertEquals(Role.LEADER, c.node(2).role());
        assertTrue(c.applied(3).stream().noneMatch("X"::equals));
    }

    @Test
    void plantedBug_commitsXByCountingAndALaterLeaderErasesTheCommittedEntry() {
        Applied applied = new Applied();
        Cluster c = play(PAPER.withPlantedBugs(EnumSet.of(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING)), applied);
        assertTrue(applied.byMember.stream().anyMatch(l -> l.contains("X")), "X was applied as committed: " + applied.byMember);
        assertEquals(Role.LEADER, c.node(2).role(), "S2's term-3 entry looks more up to date than X");
        Entry atX = c.member(2).committed.stream().filter(e -> e.index() == X_INDEX).findFirst().orElseThrow();
        assertNotEquals("X", atX.data().toStringUtf8(), "S2 committed its own entry where X had been committed");
        assertEquals(3, atX.term());
    }
}
