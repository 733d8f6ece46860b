package ketch.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.kv.members.MembershipChange;
import ketch.kv.members.MembershipChange.Kind;
import org.junit.jupiter.api.Test;

/** The transport's peers follow the applied member table; a member that sees its own removal stops once. */
class PeerReconcilerTest {
    private static final URI U1 = URI.create("http://127.0.0.1:1");
    private static final URI U2 = URI.create("http://127.0.0.1:2");
    private static final URI U3 = URI.create("http://127.0.0.1:3");

    /** Records peer changes. */
    private static final class Peers implements Transport {
        final Map<Long, List<URI>> peers = new TreeMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void start(Inbound inbound) {}

        @Override
        public void send(List<Message> batch) {}

        @Override
        public void addPeer(long peerId, List<URI> peerUrls) {
            calls.add("add " + peerId);
            peers.put(peerId, peerUrls);
        }

        @Override
        public void removePeer(long peerId) {
            calls.add("remove " + peerId);
            peers.remove(peerId);
        }

        @Override
        public void close() {}
    }

    private final KvStateMachine kv = new KvStateMachine(9, 1);
    private final Peers transport = new Peers();
    private final AtomicInteger stops = new AtomicInteger();
    /** Removals the reconciler asked to run later, run by the test when it chooses. */
    private final List<Runnable> delayed = new ArrayList<>();
    private final PeerReconciler reconciler = new PeerReconciler(1, transport, Map.of(1L, List.of(U1), 2L, List.of(U2)), stops::incrementAndGet,
            delayed::add);
    private long index;

    private void change(Kind kind, long id, URI url) {
        kv.applyMembership(++index, new MembershipChange(kind, id, "", url == null ? List.of() : List.of(url), 0));
        reconciler.batchApplied(kv);
    }

    @Test
    void peersFollowTheTableAndKnownPeersAreNotTouchedAgain() {
        reconciler.batchApplied(kv); // empty table: a joining member keeps its initial-cluster peers
        assertEquals(List.of(), transport.calls);
        change(Kind.ADD_VOTER, 1, U1);
        change(Kind.ADD_VOTER, 2, U2); // already a peer with these URLs
        assertEquals(List.of(), transport.calls);
        change(Kind.ADD_LEARNER, 3, U3);
        assertEquals(Map.of(3L, List.of(U3)), Map.of(3L, transport.peers.get(3L)));
        URI moved = URI.create("http://127.0.0.1:4");
        kv.apply(++index, 1, new KvCommand.MemberUpdate(3, List.of(moved)));
        reconciler.batchApplied(kv);
        assertEquals(List.of(moved), transport.peers.get(3L));
        change(Kind.REMOVE, 2, null);
        assertEquals(List.of("add 3", "add 3"), transport.calls, "the link stays open for Raft's farewell");
        delayed.forEach(Runnable::run);
        assertEquals(List.of("add 3", "add 3", "remove 2"), transport.calls);
        assertEquals(List.of(3L), List.copyOf(transport.peers.keySet()));
        assertEquals(0, stops.get());
    }

    @Test
    void aMemberThatAppliesItsOwnRemovalStopsOnce() {
        change(Kind.ADD_VOTER, 1, U1);
        change(Kind.ADD_VOTER, 2, U2);
        change(Kind.REMOVE, 1, null);
        reconciler.replaced(kv);
        assertEquals(1, stops.get());
    }
}
