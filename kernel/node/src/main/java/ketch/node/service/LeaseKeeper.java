package ketch.node.service;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import ketch.api.env.Clock;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.kv.LeaseInfo;
import ketch.node.lanes.StateMachineHooks;

/**
 * Lease deadlines, kept on every member from the applied grants and keep-alives (so a new leader
 * starts from what the old one knew, rather than resetting every lease as etcd does). Only the
 * leader acts on them: a lease past its deadline is revoked through Raft. Runs on the apply lane.
 */
public final class LeaseKeeper implements StateMachineHooks {
    private static final long RETRY_NANOS = 5_000_000_000L;

    private final Clock clock;
    private final BooleanSupplier isLeader;
    private final LongConsumer proposeRevoke;
    private final long leaderGraceNanos;
    private final Map<Long, Long> deadlines = new HashMap<>();
    /** Leases whose revoke was proposed, with when: retried if it has not applied after a while. */
    private final Map<Long, Long> revoking = new HashMap<>();
    private boolean wasLeader;

    /**
     * @param leaderGraceNanos time a new leader adds to every deadline it inherits, covering the
     *     gap between the old leader's last keep-alive and this member applying it
     */
    public LeaseKeeper(Clock clock, BooleanSupplier isLeader, LongConsumer proposeRevoke, long leaderGraceNanos) {
        this.clock = clock;
        this.isLeader = isLeader;
        this.proposeRevoke = proposeRevoke;
        this.leaderGraceNanos = leaderGraceNanos;
    }

    /** Whole seconds left for {@code id} (rounded down, as etcd answers), or -1 when this member knows no deadline for it. */
    public long remainingSeconds(long id) {
        Long deadline = deadlines.get(id);
        if (deadline == null) return -1;
        long left = deadline - clock.nanoTime();
        return left <= 0 ? 0 : left / 1_000_000_000L;
    }

    @Override
    public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {
        if (!(result instanceof ApplyResult.Success)) return;
        long now = clock.nanoTime();
        switch (command) {
            case KvCommand.LeaseGrant g -> deadlines.put(g.id(), now + seconds(g.ttl()));
            case KvCommand.LeaseCheckpoint c -> deadlines.put(c.id(), now + seconds(c.remainingTtl()));
            case KvCommand.LeaseRevoke r -> {
                deadlines.remove(r.id());
                revoking.remove(r.id());
            }
            default -> { }
        }
    }

    @Override
    public void batchApplied(KvStateMachine kv) {}

    @Override
    public void replaced(KvStateMachine kv) {
        deadlines.clear();
        revoking.clear();
        long now = clock.nanoTime();
        for (LeaseInfo lease : kv.leases()) {
            long ttl = lease.checkpointedRemainingTtl() > 0 ? lease.checkpointedRemainingTtl() : lease.grantedTtl();
            deadlines.put(lease.id(), now + seconds(ttl));
        }
    }

    @Override
    public void idle(KvStateMachine kv) {
        boolean leader = isLeader.getAsBoolean();
        long now = clock.nanoTime();
        if (leader && !wasLeader) {
            // Newly elected: never expire a lease sooner than the old leader could have been told of a keep-alive.
            deadlines.replaceAll((id, d) -> Math.max(d, now + leaderGraceNanos));
            revoking.clear();
        }
        wasLeader = leader;
        if (!leader) return;
        for (Map.Entry<Long, Long> e : deadlines.entrySet()) {
            if (e.getValue() - now > 0) continue;
            Long proposedAt = revoking.get(e.getKey());
            if (proposedAt == null || now - proposedAt > RETRY_NANOS) {
                revoking.put(e.getKey(), now);
                proposeRevoke.accept(e.getKey());
            }
        }
    }

    private static long seconds(long s) {
        return s * 1_000_000_000L;
    }
}
