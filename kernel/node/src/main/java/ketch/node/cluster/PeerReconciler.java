package ketch.node.cluster;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import ketch.api.kv.Member;
import ketch.api.spi.Transport;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.node.lanes.StateMachineHooks;

/**
 * Keeps the transport's peers in line with the applied member table (members added, removed or
 * given new peer URLs; initial-cluster peers the table does not list yet are kept), and stops this member once the table says it was removed, as etcd does. Runs on
 * the apply lane after each batch.
 */
public final class PeerReconciler implements StateMachineHooks {
    private static final Logger LOG = Logger.getLogger(PeerReconciler.class.getName());
    /** etcd's message when a removed member notices. */
    public static final String REMOVED = "the member has been permanently removed from the cluster";

    private final long self;
    private final Transport transport;
    private final Runnable onRemoved;
    private final java.util.function.Consumer<Runnable> later;
    private final Map<Long, List<URI>> known = new TreeMap<>();
    private boolean removed;

    /**
     * @param initialPeers the peers the transport was given at start (initial-cluster, without this member)
     * @param later runs a peer's removal a little later: Raft's farewell to a removed member (the
     *     entries that tell it of its removal) must leave before the link closes
     */
    public PeerReconciler(long self, Transport transport, Map<Long, List<URI>> initialPeers, Runnable onRemoved,
            java.util.function.Consumer<Runnable> later) {
        this.self = self;
        this.transport = transport;
        this.onRemoved = onRemoved;
        this.later = later;
        initialPeers.forEach((id, urls) -> {
            if (id != self) known.put(id, List.copyOf(urls));
        });
    }

    @Override
    public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {}

    @Override
    public void batchApplied(KvStateMachine kv) {
        reconcile(kv);
    }

    @Override
    public void replaced(KvStateMachine kv) {
        reconcile(kv);
    }

    @Override
    public void idle(KvStateMachine kv) {}

    private void reconcile(KvStateMachine kv) {
        if (removed) return;
        if (kv.isRemoved(self)) {
            removed = true;
            LOG.severe(REMOVED + "; stopping");
            onRemoved.run();
            return;
        }
        List<Member> members = kv.members();
        if (members.isEmpty()) return; // a joining member before it has the table: keep the initial peers
        Map<Long, List<URI>> wanted = new TreeMap<>();
        for (Member m : members) {
            if (m.id() != self && !m.peerUrls().isEmpty()) wanted.put(m.id(), m.peerUrls());
        }
        for (Map.Entry<Long, List<URI>> w : wanted.entrySet()) {
            if (!w.getValue().equals(known.get(w.getKey()))) {
                transport.addPeer(w.getKey(), w.getValue()); // a known peer gets its new URLs
                LOG.info("peer " + MemberIds.hex(w.getKey()) + " at " + w.getValue());
            }
        }
        // Only a removal drops a peer: while the log replays, the table passes through states that
        // lack members added later, and their connections must not churn.
        for (var it = known.entrySet().iterator(); it.hasNext(); ) {
            long id = it.next().getKey();
            if (!wanted.containsKey(id) && kv.isRemoved(id)) {
                it.remove();
                later.accept(() -> {
                    transport.removePeer(id);
                    LOG.info("peer " + MemberIds.hex(id) + " removed");
                });
            }
        }
        known.putAll(wanted);
    }
}
