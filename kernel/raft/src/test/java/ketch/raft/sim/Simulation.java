package ketch.raft.sim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Message;
import ketch.api.raft.VoteResponse;
import ketch.raft.RaftConfig;
import ketch.raft.RaftNode;
import ketch.raft.Role;
import ketch.tck.linearizability.CheckResult;
import ketch.tck.linearizability.LinearizabilityChecker;
import ketch.tck.linearizability.Operation;
import ketch.tck.linearizability.RegisterInput;
import ketch.tck.linearizability.RegisterModel;
import ketch.tck.linearizability.RegisterOutput;

/**
 * One deterministic run: a seed, a cluster, clients and faults, one event queue. Invariants are
 * checked after every event; at the end every link heals, crashed nodes restart, the cluster
 * runs on until it converges (liveness) and the client history is checked for linearizability.
 * The run stops at the first violation.
 */
final class Simulation {
    static final long TICK_MILLIS = 10;
    private static final int TRACE_EVENTS = 50;
    /** {@code -Dketch.sim.log=true}: print faults, crashes and elections as they happen (for replaying one seed). */
    private static final boolean LOG_FAULTS = Boolean.getBoolean("ketch.sim.log");
    private static final long CONVERGE_STEP_MILLIS = 500;
    private static final long CONVERGE_LIMIT_MILLIS = 10_000;

    private final long seed;
    private final SimulationConfig config;
    private final RandomSource random;
    private final EventQueue events = new EventQueue();
    private final SimNetwork network;
    private final Invariants invariants = new Invariants();
    private final Trace trace = new Trace(TRACE_EVENTS);
    private final TreeMap<Long, SimNode> nodes = new TreeMap<>();
    private final Clients clients;
    private final Nemesis nemesis;
    private long eventsRun;
    private long oldTermCommits;

    /** A leader moved its commit index onto an entry of an earlier term (Figure 8 territory). */
    void oldTermCommit() {
        oldTermCommits++;
    }

    private Simulation(long seed, SimulationConfig config) {
        this.seed = seed;
        this.config = config;
        this.random = RandomSource.seeded(mix(seed, 0x5EED));
        this.network = new SimNetwork(RandomSource.seeded(mix(seed, 0xBEEF)), events, config.faults());
        this.clients = new Clients(this, config.clients());
        this.nemesis = new Nemesis(this);
    }

    /** Runs {@code seed} under {@code config}. Never throws: a crash of the core is a violation. */
    static SimulationResult run(long seed, SimulationConfig config) {
        Simulation sim = new Simulation(seed, config);
        try {
            sim.execute();
        } catch (RuntimeException | AssertionError e) {
            StringWriter stack = new StringWriter();
            e.printStackTrace(new PrintWriter(stack));
            sim.fail(Violation.Check.CRASH, "exception at t=" + sim.events.now() + ": " + stack.toString().lines().limit(12)
                    .reduce((a, b) -> a + "\n    " + b).orElse(e.toString()));
        }
        return sim.result();
    }

    private boolean undecided;

    private void execute() {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= config.nodes(); id++) ids.add(id);
        for (long id : ids) nodes.put(id, new SimNode(id, this));
        for (SimNode n : nodes.values()) n.start(Optional.of(ConfState.ofVoters(ids)));
        clients.start();
        nemesis.start();
        if (!runUntil(config.faultMillis())) return;

        clients.stop();
        nemesis.stop();
        network.healAll();
        for (SimNode n : nodes.values()) {
            if (!n.alive()) n.start(Optional.empty());
        }
        trace(0, "END OF FAULTS: healed, every node up");
        if (!runUntil(events.now() + config.settleMillis())) return;
        long deadline = events.now() + CONVERGE_LIMIT_MILLIS;
        Optional<String> notConverged = convergence();
        while (notConverged.isPresent() && events.now() < deadline) {
            if (!runUntil(events.now() + CONVERGE_STEP_MILLIS)) return;
            notConverged = convergence();
        }
        if (notConverged.isPresent()) {
            fail(Violation.Check.LIVENESS, notConverged.get());
            return;
        }
        checkHistory();
    }

    /** Runs events up to {@code until}; false once a violation is found. */
    private boolean runUntil(long until) {
        while (invariants.violations().isEmpty()) {
            Optional<SimEvent> next = events.next(until);
            if (next.isEmpty()) return true;
            handle(next.get());
            eventsRun++;
            checkLeaders();
        }
        return false;
    }

    private void handle(SimEvent event) {
        switch (event) {
            case SimEvent.Deliver d -> {
                SimNode to = nodes.get(d.message().to());
                if (to == null) return;
                if (!to.alive()) {
                    trace(to.id, "lost (node down) " + d.message());
                    return;
                }
                if (!network.link(d.message().from(), d.message().to()).up) {
                    trace(to.id, "lost in flight (link cut) " + d.message());
                    return;
                }
                trace(to.id, "recv " + d.message());
                to.deliver(d.message());
            }
            case SimEvent.Tick t -> nodes.get(t.node()).tick(t.incarnation());
            case SimEvent.SyncDone s -> nodes.get(s.node()).syncDone(s.incarnation());
            case SimEvent.ClientNext c -> clients.next(c.client());
            case SimEvent.ClientTimeout c -> clients.timeout(c.client(), c.requestId());
            case SimEvent.Nemesis n -> nemesis.turn();
            case SimEvent.Restart r -> {
                SimNode node = nodes.get(r.node());
                if (node.alive()) return;
                trace(node.id, "RESTART from disk: last index " + node.disk.lastIndex() + ", hard state " + node.disk.hardState());
                node.start(Optional.empty());
            }
            case SimEvent.TargetedCrash c -> nemesis.targetedCrash(c);
            case SimEvent.Isolate i -> nemesis.isolate(i.node());
            case SimEvent.AttackTimeout a -> nemesis.figure8().timeout(a.generation());
            case SimEvent.AttackCrash a -> nemesis.figure8().crash(a.generation());
            case SimEvent.Rejoin r -> {
                network.rejoin(r.node(), List.of());
                trace(r.node(), "rejoins the network");
            }
            case SimEvent.Heal h -> {
                network.healAll();
                trace(0, "heal all links");
            }
        }
    }

    /** Election safety and leader completeness, for every node that leads right now. */
    private void checkLeaders() {
        for (SimNode n : nodes.values()) {
            if (n.alive() && n.role() == Role.LEADER) {
                if (invariants.leaderObserved(n.id, n.raft().term(), n.disk)) {
                    trace(n.id, "became leader of term " + n.raft().term());
                    nemesis.becameLeader(n);
                }
            }
        }
    }

    Nemesis nemesis() {
        return nemesis;
    }

    /** Empty when one leader is up and every member of its configuration applied everything committed. */
    private Optional<String> convergence() {
        Optional<SimNode> leader = nemesis.pickLeader();
        if (leader.isEmpty()) return Optional.of("no leader emerged after healing (" + describeNodes() + ")");
        RaftNode l = leader.get().raft();
        long commit = l.status().commit();
        if (commit < invariants.maxCommitted()) {
            return Optional.of("leader " + leader.get().id + " commit " + commit + " is below the highest known committed index "
                    + invariants.maxCommitted() + " (" + describeNodes() + ")");
        }
        ConfState conf = l.status().conf();
        List<Long> members = new ArrayList<>(conf.voters());
        members.addAll(conf.learners());
        for (long id : members) {
            SimNode n = nodes.get(id);
            if (n == null || !n.alive() || n.appliedIndex() < commit) {
                return Optional.of("node " + id + " has not applied the leader's commit index " + commit + " (" + describeNodes() + ")");
            }
        }
        return Optional.empty();
    }

    private String describeNodes() {
        StringBuilder s = new StringBuilder();
        for (SimNode n : nodes.values()) {
            if (!s.isEmpty()) s.append("; ");
            s.append(n.id).append(": ");
            if (!n.alive()) {
                s.append("down");
                continue;
            }
            var st = n.raft().status();
            s.append(st.role()).append(" term ").append(st.term()).append(" leader ").append(st.leaderId())
                    .append(" commit ").append(st.commit()).append(" applied ").append(n.appliedIndex())
                    .append(" last ").append(st.lastIndex()).append(" voters ").append(st.conf().voters());
        }
        return s.toString();
    }

    private void checkHistory() {
        List<Operation<RegisterInput, RegisterOutput>> history = clients.history().finish();
        CheckResult<RegisterInput, RegisterOutput> result = LinearizabilityChecker.check(RegisterModel.INSTANCE, history);
        switch (result) {
            case CheckResult.Linearizable<RegisterInput, RegisterOutput> ok -> {}
            case CheckResult.NotLinearizable<RegisterInput, RegisterOutput> bad -> fail(Violation.Check.LINEARIZABILITY, bad.explanation());
            case CheckResult.Unknown<RegisterInput, RegisterOutput> unknown -> {
                undecided = true;
                trace(0, "linearizability undecided: " + unknown.reason());
            }
        }
    }

    private SimulationResult result() {
 String stats = eventsRun + " events, " + invariants.leaderCount() + " leaders, " + oldTermCommits + " old-term commits, " + events.now() + " ms simulated, " + invariants.maxCommitted() + " entries committed, clients: "
                + clients.history().summary();
        return new SimulationResult(seed, config, invariants.first(), trace.render(), stats, undecided);
    }

    // ------------------------------------------------------------ services for nodes, clients and the nemesis

    void send(Message m) {
        network.send(m, what -> trace(m.from(), what));
        if (m instanceof VoteResponse v && v.granted() && !v.preVote()) nemesis.votedFor(nodes.get(m.from()));
    }

    void fail(Violation.Check check, String detail) {
        invariants.violations().add(new Violation(check, detail));
    }

    void trace(long node, String line) {
        String text = (node == 0 ? "" : "[n" + node + "] ") + line;
        trace.add(events.now(), text);
        if (LOG_FAULTS && !text.contains("recv ") && !text.contains("client ")) System.out.println("  t=" + events.now() + " " + text);
    }

    long seed() {
        return seed;
    }

    RandomSource random() {
        return random;
    }

    EventQueue events() {
        return events;
    }

    SimNetwork network() {
        return network;
    }

    Invariants invariants() {
        return invariants;
    }

    Clients clients() {
        return clients;
    }

    FaultProfile faults() {
        return config.faults();
    }

    SimNode node(long id) {
        return nodes.get(id);
    }

    List<SimNode> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Defaults, except small messages and windows so batching, flow control and snapshot chunks get exercised. */
    RaftConfig raftConfig(long id) {
        return RaftConfig.defaults(id).withFlowControl(64, 64 * 1024, 256).withPlantedBugs(config.bugs());
    }

    /** A well-spread 64-bit mix of a seed and a stream number (SplitMix64's finaliser). */
    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
