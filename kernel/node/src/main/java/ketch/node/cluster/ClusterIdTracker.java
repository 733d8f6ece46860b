package ketch.node.cluster;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.node.lanes.StateMachineHooks;

/**
 * The cluster id this member answers with: the one its identity holds until the applied state
 * carries the replicated one. A member that joined with initial-cluster-state existing computed
 * its id from its own initial-cluster list; once it has applied the leader's state it switches to
 * the real id for response headers and writes it into its identity file. Runs on the apply lane;
 * {@link #getAsLong} may be read from any thread.
 */
public final class ClusterIdTracker implements StateMachineHooks, LongSupplier {
    private static final Logger LOG = Logger.getLogger(ClusterIdTracker.class.getName());

    private final Path memberDir;
    private ClusterIdentity identity; // apply lane only
    private volatile long current;

    public ClusterIdTracker(Path memberDir, ClusterIdentity identity, KvStateMachine start) {
        this.memberDir = memberDir;
        this.identity = identity;
        this.current = identity.clusterId();
        learn(start);
    }

    @Override
    public long getAsLong() {
        return current;
    }

    @Override
    public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {}

    @Override
    public void batchApplied(KvStateMachine kv) {
        learn(kv);
    }

    @Override
    public void replaced(KvStateMachine kv) {
        learn(kv);
    }

    @Override
    public void idle(KvStateMachine kv) {}

    private void learn(KvStateMachine kv) {
        kv.replicatedClusterId().ifPresent(id -> {
            if (id == current) return;
            LOG.info("learned cluster id " + MemberIds.hex(id) + " from the cluster (configured initial-cluster gave "
                    + MemberIds.hex(current) + ")");
            identity = identity.learnClusterId(memberDir, id);
            current = id;
        });
    }
}
