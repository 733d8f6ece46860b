package ketch.raft.sim;

import ketch.api.raft.Message;

/** Everything that can happen in a simulated run; each runs at one simulated time. */
sealed interface SimEvent {

    /** A message arrives at {@code message.to()}. */
    record Deliver(Message message) implements SimEvent {}

    /** A node's logical clock ticks (the incarnation makes ticks of a crashed node's past life no-ops). */
    record Tick(long node, long incarnation) implements SimEvent {}

    /** The oldest pending fsync of a node completes. */
    record SyncDone(long node, long incarnation) implements SimEvent {}

    /** A client issues its next operation. */
    record ClientNext(int client) implements SimEvent {}

    /** A client gives up waiting for {@code requestId}. */
    record ClientTimeout(int client, long requestId) implements SimEvent {}

    /** The fault injector acts (crash, partition, clock jump, transfer, membership change...). */
    record Nemesis() implements SimEvent {}

    /** A crashed node comes back from its durable disk. */
    record Restart(long node) implements SimEvent {}

    /**
     * Targeted fault: crash {@code node} if it is still in {@code incarnation} (and still leader,
     * when {@code onlyIfLeader}); it restarts within {@code restartWithinMillis}.
     */
    record TargetedCrash(long node, long incarnation, boolean onlyIfLeader, long restartWithinMillis) implements SimEvent {}

    /** Targeted fault: cut {@code node} off from everyone. */
    record Isolate(long node) implements SimEvent {}

    /** The links of {@code node} come back (others stay as they are). */
    record Rejoin(long node) implements SimEvent {}

    /** The Figure 8 attack number {@code generation} gives up if still under way. */
    record AttackTimeout(long generation) implements SimEvent {}

    /** The Figure 8 attack number {@code generation} crashes its first leader now. */
    record AttackCrash(long generation) implements SimEvent {}

    /** Every link comes back. */
    record Heal() implements SimEvent {}
}
