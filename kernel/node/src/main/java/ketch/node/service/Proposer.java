package ketch.node.service;

import java.util.concurrent.CompletableFuture;
import ketch.api.env.Clock;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.StatusCode;
import ketch.kv.KvCommand;
import ketch.kv.KvCommandCodec;
import ketch.node.lanes.Lanes;

/**
 * Turns a command into a Raft proposal whose future completes with the applied response (or
 * etcd's error) once the entry is committed and applied here, or fails at its deadline.
 */
public final class Proposer {
    private final Lanes lanes;
    private final PendingRequests pending;
    private final ProposalEnvelopeFactory envelopes;
    private final Limits limits;
    private final Clock clock;
    private final long requestTimeoutNanos;

    public Proposer(Lanes lanes, PendingRequests pending, ProposalEnvelopeFactory envelopes, Limits limits, Clock clock,
            long requestTimeoutNanos) {
        this.lanes = lanes;
        this.pending = pending;
        this.envelopes = envelopes;
        this.limits = limits;
        this.clock = clock;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    public <T> CompletableFuture<T> propose(KvCommand command, Class<T> responseType) {
        byte[] encoded;
        try {
            encoded = KvCommandCodec.encode(command);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: " + e.getMessage()));
        }
        if (encoded.length > limits.maxRequestBytes()) return CompletableFuture.failedFuture(KvException.requestTooLarge());
        CompletableFuture<Object> future = new CompletableFuture<>();
        long seq = pending.register(future, deadline());
        if (!lanes.propose(seq, envelopes.wrap(seq, encoded))) {
            pending.fail(seq, KvException.tooManyRequests());
        }
        return future.thenApply(responseType::cast);
    }

    /**
     * Proposes a membership change carrying the member's attributes; completes with the members
     * once the change is applied here, or fails at the deadline.
     */
    public CompletableFuture<ketch.api.kv.MemberListResponse> proposeMembership(ketch.raft.ConfChange change,
            ketch.kv.members.MemberAttributes attributes) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        long seq = pending.register(future, deadline());
        lanes.proposeConfChange(seq, change, envelopes.wrap(seq, ketch.kv.members.MemberCodec.encodeAttributes(attributes)));
        return future.thenApply(ketch.api.kv.MemberListResponse.class::cast);
    }

    public long deadline() {
        return clock.nanoTime() + requestTimeoutNanos;
    }

    public PendingRequests pending() {
        return pending;
    }
}
