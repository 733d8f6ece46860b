package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import ketch.api.raft.AppendEntries;
import org.junit.jupiter.api.Test;

/**
 * The scenario of Figure 8 in the Raft paper (§5.4.2), played on five members with and without
 * the planted bug that commits previous-term entries by counting replicas.
 */
class Figure8ScenarioTest {
    private static final RaftConfig PAPER = RaftConfig.defaults(1).withPreVote(false).withCheckQuorum(false);

    /** Returns the index of S1's term-2 entry X and the cluster after S5, holding a term-3 entry there, campaigns last. */
    private static Cluster play(RaftConfig config) {
        Cluster c = new Cluster(config, 1, 2, 3, 4, 5);
        // (a) S1 leads term 2 and replicates X to S2 only
        c.elect(1);
        c.stabilize();
        c.drop = m -> m.from() == 1 && m.to() != 2;
        c.propose(1, "X");
        c.stabilize();
        // (b) S1 crashes; S5 wins term 3 with S3 and S4 and appends Y, which reaches nobody
        c.restart(1);
        c.isolated.add(1L);
        c.drop = m -> m.from() == 5 && m instanceof AppendEntries;
        c.elect(5);
        c.propose(5, "Y");
        c.stabilize();
        // (c) S5 crashes; S1 returns and wins term 4
        c.restart(5);
        c.isolated.clear();
        c.isolated.add(5L);
        c.drop = m -> false;
        c.elect(1);
        c.stabilize();
        // (d) S1 crashes again; S5 returns and campaigns
        c.restart(1);
        c.isolated.clear();
        c.isolated.add(1L);
        for (int i = 0; i < 60 && c.node(5).role() != Role.LEADER; i++) {
            c.tick(5, 1);
            c.stabilize();
        }
        return c;
    }

    private static long indexOf(Cluster c, long member, String data) {
        return c.member(member).committed.stream().filter(e -> e.data().toStringUtf8().equals(data))
                .mapToLong(ketch.api.raft.Entry::index).findFirst().orElse(0);
    }

    @Test
    void correctLeaderCommitsXOnlyWithAnEntryOfItsTermSoS5CannotWinAndErasesNothing() {
        Cluster c = play(PAPER);
        long x = indexOf(c, 1, "X");
        assertTrue(x > 0, "X committed in term 4");
        assertNotEquals(Role.LEADER, c.node(5).role(), "S5 lacks the term-4 entries a majority holds");
    }

    @Test
    void plantedBug_leaderCommitsXByCountingAndS5ThenLeadsWithoutIt() {
        Cluster c = play(PAPER.withPlantedBugs(EnumSet.of(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING)));
        long x = indexOf(c, 1, "X");
        assertTrue(x > 0, "X (a term-2 entry) was committed by counting in term 4");
        assertEquals(Role.LEADER, c.node(5).role(), "S5's term-3 entry looks more up to date than X");
        assertNotEquals(c.node(1).termAt(x), c.node(5).termAt(x), "the new leader holds Y where X was committed");
    }
}
