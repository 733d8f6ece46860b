package ketch.raft.sim;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.raft.ProposeResult;
import ketch.raft.RaftNode;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterOutput;

/**
 * Simulated clients: each issues one operation at a time (write, compare-and-set or read on a
 * few registers) to a node it sticks to until that node fails it, and records what it saw in the
 * {@link ClientHistory}. Writes and CAS are proposed (one entry each, answered when the node
 * applies it); reads go through ReadIndex and are answered from the node's registers once it has
 * applied the read index.
 */
final class Clients {
    static final List<String> KEYS = List.of("a", "b", "c");
    private static final long TIMEOUT_MILLIS = 600;
    private static final long THINK_MILLIS = 30;

    private final Simulation sim;
    private final int count;
    private final long[] stickyNode;
    private final TreeMap<String, String> lastSeen = new TreeMap<>();
    private final ClientHistory history = new ClientHistory();
    private long nextRequestId;
    private boolean active = true;

    Clients(Simulation sim, int count) {
        this.sim = sim;
        this.count = count;
        this.stickyNode = new long[count];
    }

    ClientHistory history() {
        return history;
    }

    void start() {
        for (int c = 0; c < count; c++) sim.events().after(1 + sim.random().nextInt(50), new SimEvent.ClientNext(c));
    }

    /** No new operations from now on; open ones still finish or time out. */
    void stop() {
        active = false;
    }

    void next(int client) {
        if (!active) return;
        Optional<SimNode> target = chooseNode(client);
        if (target.isEmpty()) {
            sim.events().after(THINK_MILLIS, new SimEvent.ClientNext(client));
            return;
        }
        SimNode node = target.get();
        long requestId = ++nextRequestId;
        RegisterInput input = chooseInput(client, requestId);
        ClientHistory.Open op = new ClientHistory.Open(client, requestId, node.id, sim.events().now(), input);
        RaftNode raft = node.raft();
        if (input instanceof RegisterInput.Read) {
            history.called(op);
            sim.trace(node.id, "client " + client + " #" + requestId + " " + input + " -> readIndex");
            raft.readIndex(requestId);
        } else {
            Bytes command = new ClientCommand(requestId, input).encode();
            ProposeResult result = raft.propose(List.of(command));
            sim.trace(node.id, "client " + client + " #" + requestId + " " + input + " -> " + result);
            if (result instanceof ProposeResult.Refused) {
                stickyNode[client] = 0; // try elsewhere; the operation had no effect, so it is not recorded
                sim.events().after(THINK_MILLIS, new SimEvent.ClientNext(client));
                node.process();
                return;
            }
            history.called(op);
        }
        sim.events().after(TIMEOUT_MILLIS, new SimEvent.ClientTimeout(client, requestId));
        node.process();
    }

    private Optional<SimNode> chooseNode(int client) {
        long sticky = stickyNode[client];
        if (sticky != 0 && sim.node(sticky).alive()) return Optional.of(sim.node(sticky));
        List<SimNode> alive = sim.nodes().stream().filter(SimNode::alive).toList();
        if (alive.isEmpty()) return Optional.empty();
        // Half the time go to whoever some node believes leads; otherwise anywhere.
        if (sim.random().nextInt(2) == 0) {
            for (SimNode n : alive) {
                long leader = n.raft().leaderId();
                if (leader != 0 && sim.node(leader).alive()) {
                    stickyNode[client] = leader;
                    return Optional.of(sim.node(leader));
                }
            }
        }
        SimNode pick = alive.get(sim.random().nextInt(alive.size()));
        stickyNode[client] = pick.id;
        return Optional.of(pick);
    }

    private RegisterInput chooseInput(int client, long requestId) {
        String key = KEYS.get(sim.random().nextInt(KEYS.size()));
        int dice = sim.random().nextInt(100);
        String value = "c" + client + "r" + requestId;
        if (dice < 35) return new RegisterInput.Write(key, value);
        if (dice < 50) {
            Optional<String> expected = sim.random().nextInt(5) == 0 ? Optional.empty() : Optional.ofNullable(lastSeen.get(key));
            return new RegisterInput.Cas(key, expected, value);
        }
        return new RegisterInput.Read(key);
    }

    /** {@code node} answered {@code requestId} (applied it, or served the read). */
    void answered(long node, long requestId, RegisterOutput output) {
        Optional<ClientHistory.Open> open = history.open(requestId);
        if (open.isEmpty() || open.get().node() != node) return; // another node applied it, or the client gave up
        history.completed(requestId, output, sim.events().now());
        ClientHistory.Open op = open.get();
        remember(op.input(), output);
        sim.trace(node, "client " + op.client() + " #" + requestId + " " + op.input() + " => " + output);
        sim.events().after(1 + sim.random().nextInt((int) THINK_MILLIS), new SimEvent.ClientNext(op.client()));
    }

    private void remember(RegisterInput input, RegisterOutput output) {
        switch (input) {
            case RegisterInput.Write w -> lastSeen.put(w.key(), w.value());
            case RegisterInput.Cas c -> {
                if (((RegisterOutput.CasResult) output).swapped()) lastSeen.put(c.key(), c.value());
            }
            case RegisterInput.Read r -> ((RegisterOutput.ReadValue) output).value().ifPresent(v -> lastSeen.put(r.key(), v));
        }
    }

    /** The key of an open read waiting at {@code node}. */
    Optional<String> openRead(long node, long requestId) {
        return history.open(requestId)
                .filter(op -> op.node() == node && op.input() instanceof RegisterInput.Read)
                .map(op -> op.input().key());
    }

    /** A read failed before being served (no leader, lost leadership...): it had no effect. */
    void refused(long node, long requestId, String reason) {
        history.failed(requestId).ifPresent(op -> {
            sim.trace(node, "client " + op.client() + " #" + requestId + " read refused: " + reason);
            stickyNode[op.client()] = 0;
            sim.events().after(THINK_MILLIS, new SimEvent.ClientNext(op.client()));
        });
    }

    void timeout(int client, long requestId) {
        history.abandoned(requestId).ifPresent(op -> {
            sim.trace(op.node(), "client " + client + " #" + requestId + " timed out");
            stickyNode[client] = 0;
            sim.events().after(1, new SimEvent.ClientNext(client));
        });
    }

    /** Every operation open at a crashed node is abandoned: it may still commit through the log. */
    void nodeCrashed(long node) {
        for (ClientHistory.Open op : history.openAt(node)) {
            history.abandoned(op.requestId());
            stickyNode[op.client()] = 0;
            sim.events().after(THINK_MILLIS, new SimEvent.ClientNext(op.client()));
        }
    }
}
