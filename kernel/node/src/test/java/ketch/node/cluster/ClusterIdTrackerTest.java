package ketch.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import ketch.kv.KvStateMachine;
import ketch.kv.members.MembershipChange;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A member that joined with initial-cluster-state existing switches to the replicated cluster id and keeps it. */
class ClusterIdTrackerTest {
    private static final long REAL = 0xabcdef0123456789L;

    private static NodeConfig joiner(Path dir) {
        return NodeConfigLoader.fromYaml("""
                name: n4
                data-dir: %s
                listen-peer-urls: http://127.0.0.1:12386
                initial-advertise-peer-urls: http://127.0.0.1:12386
                initial-cluster: n1=http://127.0.0.1:12380,n4=http://127.0.0.1:12386
                initial-cluster-state: existing
                """.formatted(dir), "test.yaml");
    }

    @Test
    void theReplicatedIdReplacesTheComputedOneAndIsWrittenToTheIdentityFile(@TempDir Path dir) {
        Path memberDir = dir.resolve("member");
        ClusterIdentity computed = ClusterIdentity.establish(memberDir, joiner(dir));
        assertNotEquals(REAL, computed.clusterId());
        KvStateMachine kv = new KvStateMachine(computed.clusterId(), computed.memberId());
        ClusterIdTracker tracker = new ClusterIdTracker(memberDir, computed, kv);
        assertEquals(computed.clusterId(), tracker.getAsLong(), "no applied state yet: the computed id");

        kv.applyMembership(1, new MembershipChange(MembershipChange.Kind.ADD_VOTER, 1, "n1",
                List.of(URI.create("http://127.0.0.1:12380")), REAL));
        tracker.batchApplied(kv);
        assertEquals(REAL, tracker.getAsLong());
        assertEquals(REAL, kv.clusterId());
        assertEquals(REAL, ClusterIdentity.establish(memberDir, joiner(dir)).clusterId(), "the identity file holds the learned id");

        KvStateMachine restarted = KvStateMachine.restore(kv.snapshot(), computed.clusterId(), computed.memberId());
        assertEquals(REAL, new ClusterIdTracker(memberDir, computed, restarted).getAsLong(), "a restored state carries it too");
    }
}
