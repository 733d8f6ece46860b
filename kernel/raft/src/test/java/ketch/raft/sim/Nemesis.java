package ketch.raft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.raft.ConfState;
import ketch.raft.ConfChange;
import ketch.raft.ProposeResult;
import ketch.raft.Role;

/**
 * The fault injector. Each turn it may (at most one of) crash a node, split the network (a random minority, or the
 * leader alone), cut one direction of a link, heal everything, give a node a burst of ticks, ask
 * the leader to hand over leadership, or change the membership (remove, re-add, demote to learner,
 * promote); then it schedules its next turn.
 * At most a minority is down at once, so the cluster can always make progress once healed.
 */
final class Nemesis {
    private final Simulation sim;
    private final FaultProfile faults;
    private final List<Long> removed = new ArrayList<>();
    private final Figure8Attack figure8;
    private boolean active = true;

    Nemesis(Simulation sim) {
        this.sim = sim;
        this.faults = sim.faults();
        this.figure8 = new Figure8Attack(sim, faults.figure8AttackPercent());
    }

    Figure8Attack figure8() {
        return figure8;
    }

    void start() {
        scheduleNext();
    }

    void stop() {
        figure8.stop();
        active = false;
    }

    private void scheduleNext() {
        long mean = faults.nemesisEveryMillis();
        sim.events().after(mean / 2 + sim.random().nextInt((int) Math.max(1, mean)), new SimEvent.Nemesis());
    }

    /** One turn: at most one fault, chosen with the profile's percentages as weights. */
    void turn() {
        if (!active) return;
        int[] weights = {faults.crashPercent(), faults.partitionPercent(), faults.oneWayPercent(), faults.healPercent(),
                faults.clockJumpPercent(), faults.transferPercent(), faults.membershipPercent()};
        int total = 0;
        for (int w : weights) total += w;
        int dice = sim.random().nextInt(Math.max(100, total));
        int action = 0;
        while (action < weights.length && dice >= weights[action]) dice -= weights[action++];
        switch (action) {
            case 0 -> crash();
            case 1 -> partition();
            case 2 -> oneWay();
            case 3 -> {
                sim.network().healAll();
                sim.trace(0, "nemesis: heal all links");
            }
            case 4 -> clockJump();
            case 5 -> transfer();
            case 6 -> changeMembership();
            default -> {} // a quiet turn
        }
        scheduleNext();
    }

    private boolean chance(int percent) {
        return percent > 0 && sim.random().nextInt(100) < percent;
    }

    private void crash() {
        if (!crashAllowed()) return;
        List<SimNode> alive = sim.nodes().stream().filter(SimNode::alive).toList();
        // Prefer the leader or a node that just voted: that is where lost writes hurt.
        SimNode victim = pickLeader().filter(l -> sim.random().nextInt(2) == 0)
                .orElseGet(() -> alive.get(sim.random().nextInt(alive.size())));
        boolean torn = chance(faults.tornWritePercent());
        victim.crash(torn);
        sim.clients().nodeCrashed(victim.id);
        sim.events().after(1 + sim.random().nextInt((int) faults.restartMaxMillis()), new SimEvent.Restart(victim.id));
    }

    /** Targeted fault: {@code node} just sent a granted vote; maybe crash it and bring it back almost at once. */
    void votedFor(SimNode node) {
        if (!active || !chance(faults.crashAfterVotePercent())) return;
        sim.events().after(0, new SimEvent.TargetedCrash(node.id, node.incarnation(), false, 10));
    }

    /**
     * Targeted faults on {@code node}, which just became leader: maybe crash it before its first
     * fsync completes; maybe cut it off a little later, once clients have written to it.
     */
    void becameLeader(SimNode node) {
        if (!active) return;
        if (chance(faults.crashNewLeaderPercent())) {
            sim.events().after(sim.random().nextInt((int) faults.maxFsyncMillis() + 1),
                    new SimEvent.TargetedCrash(node.id, node.incarnation(), true, faults.restartMaxMillis()));
        }
        if (chance(faults.isolateNewLeaderPercent())) {
            sim.events().after(0, new SimEvent.Isolate(node.id)); // its first appends are still in flight: lost
        }
        figure8.becameLeader(node);
    }

    /** Targeted fault: {@code node} leads, its commit index just advanced and its own log is not yet durable. */
    void committedWhileUnsynced(SimNode node) {
        if (!active) return;
        figure8.committedWhileUnsynced(node);
        if (!node.alive() || !chance(faults.crashUnsyncedLeaderPercent())) return;
        sim.events().after(0, new SimEvent.TargetedCrash(node.id, node.incarnation(), true, faults.restartMaxMillis()));
    }

    /** Cuts {@code id} off from everyone; it alone rejoins 200..1400 ms later (other cuts stay). */
    void isolate(long id) {
        if (!active) return;
        List<Long> others = sim.nodes().stream().map(x -> x.id).filter(x -> x != id).toList();
        sim.network().partition(List.of(id), others);
        sim.trace(0, "nemesis: isolate " + id);
        sim.events().after(200 + sim.random().nextInt(1200), new SimEvent.Rejoin(id));
    }

    void targetedCrash(SimEvent.TargetedCrash c) {
        SimNode node = sim.node(c.node());
        if (!active || !node.alive() || node.incarnation() != c.incarnation() || !crashAllowed()) return;
        if (c.onlyIfLeader() && node.role() != Role.LEADER) return;
        sim.trace(node.id, "nemesis: targeted crash" + (c.onlyIfLeader() ? " of the leader" : " right after a vote"));
        node.crash(false);
        sim.clients().nodeCrashed(node.id);
        sim.events().after(1 + sim.random().nextInt((int) c.restartWithinMillis()), new SimEvent.Restart(node.id));
    }

    private boolean crashAllowed() {
        long down = sim.nodes().stream().filter(x -> !x.alive()).count();
        return down < (sim.nodes().size() - 1) / 2;
    }

    private void partition() {
        List<Long> ids = new ArrayList<>(sim.nodes().stream().map(x -> x.id).toList());
        List<Long> minority = new ArrayList<>();
        Optional<SimNode> leader = pickLeader();
        if (leader.isPresent() && sim.random().nextInt(2) == 0) {
            minority.add(leader.get().id);
        } else {
            int size = 1 + sim.random().nextInt(Math.max(1, (ids.size() - 1) / 2));
            for (int i = 0; i < size; i++) minority.add(ids.remove(sim.random().nextInt(ids.size())));
            ids.addAll(minority);
        }
        List<Long> majority = ids.stream().filter(id -> !minority.contains(id)).toList();
        sim.network().partition(minority, majority);
        sim.trace(0, "nemesis: partition " + minority + " | " + majority);
        sim.events().after(100 + sim.random().nextInt(1500), new SimEvent.Heal());
    }

    private void oneWay() {
        List<SimNode> all = sim.nodes();
        long from = all.get(sim.random().nextInt(all.size())).id;
        long to = all.get(sim.random().nextInt(all.size())).id;
        if (from == to) return;
        sim.network().cutOneWay(from, to);
        sim.trace(0, "nemesis: cut link " + from + "->" + to);
    }

    private void clockJump() {
        List<SimNode> alive = sim.nodes().stream().filter(SimNode::alive).toList();
        if (alive.isEmpty()) return;
        SimNode node = alive.get(sim.random().nextInt(alive.size()));
        int ticks = 1 + sim.random().nextInt(2 * sim.raftConfig(node.id).electionTicks());
        sim.trace(node.id, "nemesis: clock jump of " + ticks + " ticks");
        node.clockJump(ticks);
    }

    private void transfer() {
        pickLeader().ifPresent(leader -> {
            List<Long> voters = leader.raft().status().conf().voters().stream().filter(v -> v != leader.id).toList();
            if (voters.isEmpty()) return;
            long target = voters.get(sim.random().nextInt(voters.size()));
            sim.trace(leader.id, "nemesis: transfer leadership to " + target);
            leader.raft().transferLeadership(target);
            leader.process();
        });
    }

    /**
     * One single-server change: promote a learner, bring a removed member back (as voter or
     * learner), or — while more than three voters remain — remove a voter or demote it to learner.
     */
    private void changeMembership() {
        Optional<SimNode> leader = pickLeader();
        if (leader.isEmpty()) return;
        ConfState conf = leader.get().raft().status().conf();
        List<Long> voters = conf.voters();
        List<ConfChange> changes = new ArrayList<>();
        for (long learner : conf.learners()) changes.add(ConfChange.addVoter(learner));
        for (long gone : removed) {
            changes.add(ConfChange.addVoter(gone));
            changes.add(ConfChange.addLearner(gone));
        }
        if (voters.size() > 3) {
            for (long v : voters) {
                changes.add(ConfChange.remove(v));
                changes.add(ConfChange.addLearner(v));
            }
        }
        if (changes.isEmpty()) return;
        ConfChange change = changes.get(sim.random().nextInt(changes.size()));
        ProposeResult result = leader.get().raft().proposeConfChange(change);
        sim.trace(leader.get().id, "nemesis: propose " + change + " -> " + result);
        if (result.isAccepted()) {
            if (change.type() == ConfChange.Type.REMOVE) removed.add(change.memberId());
            else removed.remove(change.memberId());
        }
        leader.get().process();
    }

    /** The live node that thinks it leads with the highest term, if any. */
    Optional<SimNode> pickLeader() {
        SimNode best = null;
        for (SimNode n : sim.nodes()) {
            if (n.alive() && n.role() == Role.LEADER && (best == null || n.raft().term() > best.raft().term())) best = n;
        }
        return Optional.ofNullable(best);
    }
}
