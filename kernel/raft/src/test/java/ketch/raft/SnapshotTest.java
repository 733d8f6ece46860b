package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import ketch.api.raft.InstallSnapshot;
import org.junit.jupiter.api.Test;

/** Log compaction and InstallSnapshot streamed in chunks (Raft §7). */
class SnapshotTest {

    private static Cluster smallMessages() {
        // 64-byte messages: the snapshot travels in many chunks
        return new Cluster(RaftConfig.defaults(1).withFlowControl(16, 1 << 20, 64), 1, 2, 3);
    }

    @Test
    void followerBehindACompactedLogReceivesTheSnapshotInChunksThenTheLog() {
        Cluster c = smallMessages();
        c.elect(1);
        c.isolated.add(3L);
        for (int i = 0; i < 30; i++) c.propose(1, "value-" + i);
        c.stabilize();
        c.member(1).snapshotAndCompact(c.node(1).status().applied() - 2); // keep a short catch-up tail
        c.propose(1, "after-snapshot");
        c.stabilize();
        c.isolated.clear();
        c.delivered.clear();
        c.tickAll(3);
        long chunks = c.delivered.stream().filter(m -> m instanceof InstallSnapshot).count();
        assertTrue(chunks > 3, "streamed in chunks, got " + chunks);
        assertEquals(c.applied(1), c.applied(3));
        assertEquals(31, c.applied(3).size());
        assertTrue(c.member(3).storage.snapshot().index() > 0, "the follower persisted the snapshot");
    }

    @Test
    void aLostChunkIsResentAndTheTransferCompletes() {
        Cluster c = smallMessages();
        c.elect(1);
        c.isolated.add(3L);
        for (int i = 0; i < 20; i++) c.propose(1, "v" + i);
        c.stabilize();
        c.member(1).snapshotAndCompact(c.node(1).status().applied());
        c.isolated.clear();
        AtomicBoolean dropped = new AtomicBoolean();
        c.drop = m -> m instanceof InstallSnapshot s && s.offset() > 0 && dropped.compareAndSet(false, true);
        c.tickAll(5);
        assertTrue(dropped.get());
        assertEquals(c.applied(1), c.applied(3));
    }

    @Test
    void restartedFollowerRecoversFromItsOwnSnapshot() {
        Cluster c = smallMessages();
        c.elect(1);
        for (int i = 0; i < 10; i++) c.propose(1, "v" + i);
        c.stabilize();
        c.member(2).snapshotAndCompact(c.node(2).status().applied());
        c.restart(2);
        c.tickAll(3);
        assertEquals(c.applied(1), c.applied(2));
    }

    @Test
    void snapshotAheadOfAppliedIsRefused() {
        Cluster c = Cluster.of(1);
        c.elect(1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> c.node(1).snapshotTaken(new ketch.api.raft.SnapshotMetadata(99, 1, ketch.api.raft.ConfState.EMPTY)));
    }
}
