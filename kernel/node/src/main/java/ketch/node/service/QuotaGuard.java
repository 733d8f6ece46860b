package ketch.node.service;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmType;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;
import ketch.kv.ApplyResult;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import ketch.node.lanes.StateMachineHooks;

/**
 * etcd's quota ({@code quota-backend-bytes}): a put, txn or lease grant that would take the state
 * to the quota raises this member's NOSPACE alarm through Raft and fails with etcd's "database
 * space exceeded". The size is published from the apply lane after every batch ({@link #used}), so
 * the check costs the caller nothing; apply itself refuses such writes while the alarm is raised.
 */
public final class QuotaGuard implements StateMachineHooks {
    /** etcd's estimate of what a key-value costs beyond its key and value (quota.go's kvOverhead). */
    static final long KV_OVERHEAD = 256;
    /** etcd's estimate of what a lease costs (quota.go's leaseOverhead). */
    static final long LEASE_OVERHEAD = 64;

    private final long quotaBytes;
    private final long memberId;
    private final AtomicLong used = new AtomicLong();
    private Proposer proposer;

    public QuotaGuard(long quotaBytes, long memberId) {
        this.quotaBytes = quotaBytes;
        this.memberId = memberId;
    }

    /** Connects the proposer that raises the alarm; call before serving clients. */
    public void proposer(Proposer proposer) {
        this.proposer = proposer;
    }

    /** The bytes the quota counts: the one place to point at a persistent backend's size later. */
    static long used(KvStateMachine kv) {
        return kv.sizeBytes();
    }

    /** Proposes {@code command} unless it would exceed the quota. */
    public <T> CompletableFuture<T> propose(KvCommand command, Class<T> responseType) {
        long cost = cost(command);
        if (cost > 0 && used.get() + cost >= quotaBytes) {
            CompletableFuture<Object> raised = proposer.propose(
                    new KvCommand.Alarm(true, new AlarmMember(memberId, AlarmType.NOSPACE)), Object.class);
            // as etcd, answer once the alarm is in (or failed to get in); the write itself is refused either way
            return raised.handle((r, e) -> {
                throw KvException.noSpace();
            });
        }
        return proposer.propose(command, responseType);
    }

    /** etcd's quota cost: overhead plus key and value of each put (a txn's costlier branch), a lease's overhead. */
    static long cost(KvCommand command) {
        return switch (command) {
            case KvCommand.Put p -> cost(p.request());
            case KvCommand.Txn t -> Math.max(cost(t.request().success()), cost(t.request().failure()));
            case KvCommand.LeaseGrant g -> LEASE_OVERHEAD;
            default -> 0;
        };
    }

    private static long cost(PutRequest p) {
        return KV_OVERHEAD + p.key().size() + p.value().size();
    }

    private static long cost(java.util.List<RequestOp> ops) {
        long sum = 0;
        for (RequestOp op : ops) {
            if (op instanceof RequestOp.Put p) sum += cost(p.request()); // etcd does not charge nested txns
        }
        return sum;
    }

    @Override
    public void applied(KvStateMachine kv, long index, KvCommand command, ApplyResult result) {}

    @Override
    public void batchApplied(KvStateMachine kv) {
        used.set(used(kv));
    }

    @Override
    public void replaced(KvStateMachine kv) {
        used.set(used(kv));
    }

    @Override
    public void idle(KvStateMachine kv) {}
}
