package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ketch.api.raft.TimeoutNow;
import org.junit.jupiter.api.Test;

/** Leader transfer (thesis §3.10, etcd's MoveLeader). */
class LeaderTransferTest {

    @Test
    void upToDateTargetGetsTimeoutNowAndWinsTheNextTerm() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        long term = c.node(1).term();
        c.node(1).transferLeadership(2);
        c.stabilize();
        assertEquals(2, c.leader());
        assertEquals(term + 1, c.node(2).term());
        assertEquals(Role.FOLLOWER, c.node(1).role());
        assertEquals(2, c.node(1).leaderId());
    }

    @Test
    void laggingTargetIsCaughtUpFirst() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolated.add(2L);
        for (int i = 0; i < 5; i++) c.propose(1, "w" + i);
        c.stabilize();
        c.isolated.clear();
        c.delivered.clear();
        c.node(1).transferLeadership(2);
        c.processAll();
        assertTrue(c.network.stream().noneMatch(m -> m instanceof TimeoutNow), "not before the target has the log");
        c.stabilize();
        assertEquals(2, c.leader());
        assertEquals(5, c.applied(2).size());
    }

    @Test
    void proposalsAreRefusedDuringTheTransferAndTheTransferAbortsAfterAnElectionTimeout() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.stabilize();
        c.isolated.add(3L);
        c.node(1).transferLeadership(3);
        c.processAll();
        ProposeResult r = c.propose(1, "blocked");
        assertEquals(new ProposeResult.Refused(ProposeResult.Reason.TRANSFERRING), r);
        assertEquals(3, c.node(1).status().leadTransferee());
        c.tickAll(10);
        assertEquals(0, c.node(1).status().leadTransferee());
        assertEquals(1, c.leader());
        assertInstanceOf(ProposeResult.Accepted.class, c.propose(1, "allowed"));
    }
}
