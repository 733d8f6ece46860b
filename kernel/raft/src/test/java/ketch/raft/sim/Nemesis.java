package ketch.raft.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.raft.ConfChange;
import ketch.raft.ProposeResult;
import ketch.raft.Role;

/**
 * The fault injector. Each turn it may crash a node, split the network (a random minority, or the
 * leader alone), cut one direction of a link, heal everything, give a node a burst of ticks, ask
 * the leader to hand over leadership, or remove / re-add a voter; then it schedules its next turn.
 * At most a minority is down at once, so the cluster can always make progress once healed.
 */
final class Nemesis {
    private final Simulation sim;
    private final FaultProfile faults;
    private final List<Long> removed = new ArrayList<>();
    private boolean active = true;

    Nemesis(Simulation sim) {
        this.sim = sim;
        this.faults = sim.faults();
    }

    void start() {
        scheduleNext();
    }

    void stop() {
        active = false;
    }

    private void scheduleNext() {
        long mean = faults.nemesisEveryMillis();
        sim.events().after(mean / 2 + sim.random().nextInt((int) Math.max(1, mean)), new SimEvent.Nemesis());
    }

    void turn() {
        if (!active) return;
        if (chance(faults.crashPercent())) crash();
        if (chance(faults.partitionPercent())) partition();
        if (chance(faults.oneWayPercent())) oneWay();
        if (chance(faults.healPercent())) {
            sim.network().healAll();
            sim.trace(0, "nemesis: heal all links");
        }
        if (chance(faults.clockJumpPercent())) clockJump();
        if (chance(faults.transferPercent())) transfer();
        if (chance(faults.membershipPercent())) changeMembership();
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

    /** Targeted fault: {@code node} just became leader; maybe crash it before its first fsync completes. */
    void becameLeader(SimNode node) {
        if (!active || !chance(faults.crashNewLeaderPercent())) return;
        sim.events().after(sim.random().nextInt((int) faults.maxFsyncMillis() + 1),
                new SimEvent.TargetedCrash(node.id, node.incarnation(), true, faults.restartMaxMillis()));
    }

    void targetedCrash(SimEvent.TargetedCrash c) {
        SimNode node = sim.node(c.node());
        if (!active || !node.alive() || node.incarnation() != c.incarnation() || !crashAllowed()) return;
        if (c.onlyIfLeader() && node.role() != Role.LEADER) return;
        sim.trace(node.id, "nemesis: targeted crash" + (c.onlyIfLeader() ? " of the new leader" : " right after a vote"));
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

    /** Removes a voter while more than three remain, or adds a removed one back. */
    private void changeMembership() {
        Optional<SimNode> leader = pickLeader();
        if (leader.isEmpty()) return;
        List<Long> voters = leader.get().raft().status().conf().voters();
        ConfChange change;
        if (!removed.isEmpty() && (voters.size() <= 3 || sim.random().nextInt(2) == 0)) {
            change = ConfChange.addVoter(removed.getFirst());
        } else if (voters.size() > 3) {
            change = ConfChange.remove(voters.get(sim.random().nextInt(voters.size())));
        } else {
            return;
        }
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
