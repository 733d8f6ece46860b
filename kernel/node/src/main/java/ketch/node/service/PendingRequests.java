package ketch.node.service;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import ketch.api.kv.KvException;
import ketch.api.kv.StatusCode;

/**
 * The client requests this process is waiting on, by sequence number, each with a deadline. The
 * lanes complete them; a sweeper fails the ones past their deadline, so nothing waits forever.
 */
public final class PendingRequests {
    /** etcd's answer when a request outlives its deadline. */
    public static KvException timedOut() {
        return new KvException(StatusCode.UNAVAILABLE, "etcdserver: request timed out");
    }

    private record Pending(CompletableFuture<Object> future, long deadlineNanos) {}

    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    /** Registers {@code future} and returns its sequence number. */
    public long register(CompletableFuture<Object> future, long deadlineNanos) {
        long seq = sequence.incrementAndGet();
        pending.put(seq, new Pending(future, deadlineNanos));
        return seq;
    }

    public boolean isWaiting(long seq) {
        return pending.containsKey(seq);
    }

    public void complete(long seq, Object result) {
        Pending p = pending.remove(seq);
        if (p != null) p.future.complete(result);
    }

    public void fail(long seq, Throwable error) {
        Pending p = pending.remove(seq);
        if (p != null) p.future.completeExceptionally(error);
    }

    /** Fails every request whose deadline is at or before {@code nowNanos}. */
    public void expire(long nowNanos) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            if (e.getValue().deadlineNanos - nowNanos <= 0) {
                it.remove();
                e.getValue().future.completeExceptionally(timedOut());
            }
        }
    }

    /** Fails everything still waiting (at shutdown). */
    public void failAll(Throwable error) {
        for (Long seq : pending.keySet()) fail(seq, error);
    }
}
