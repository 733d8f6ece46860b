package ketch.node.service;

import java.util.concurrent.CompletableFuture;
import ketch.api.env.Clock;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KvException;
import ketch.api.kv.KvService;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import ketch.kv.KvCommand;
import ketch.kv.KvCommandCodec;
import ketch.node.lanes.Lanes;

/**
 * The KvService front ends call: a write becomes a Raft proposal and completes when its entry is
 * committed and applied here; a linearizable read waits for a ReadIndex round; a serializable read
 * goes straight to the applied state. Every request has a deadline.
 */
public final class NodeKvService implements KvService {
    private final Lanes lanes;
    private final PendingRequests pending;
    private final ProposalEnvelopeFactory envelopes;
    private final Limits limits;
    private final Clock clock;
    private final long requestTimeoutNanos;

    public NodeKvService(Lanes lanes, PendingRequests pending, ProposalEnvelopeFactory envelopes, Limits limits, Clock clock,
            long requestTimeoutNanos) {
        this.lanes = lanes;
        this.pending = pending;
        this.envelopes = envelopes;
        this.limits = limits;
        this.clock = clock;
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        if (request.key().isEmpty()) return CompletableFuture.failedFuture(KvException.keyNotProvided());
        CompletableFuture<Object> future = new CompletableFuture<>();
        long seq = pending.register(future, deadline());
        if (request.serializable()) {
            lanes.readSerializable(seq, request);
        } else {
            lanes.readLinearizable(seq, request);
        }
        return future.thenApply(RangeResponse.class::cast);
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        if (request.key().isEmpty()) return CompletableFuture.failedFuture(KvException.keyNotProvided());
        return propose(new KvCommand.Put(request), PutResponse.class);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        if (request.key().isEmpty()) return CompletableFuture.failedFuture(KvException.keyNotProvided());
        return propose(new KvCommand.DeleteRange(request), DeleteRangeResponse.class);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return propose(new KvCommand.Txn(request), TxnResponse.class);
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return propose(new KvCommand.Compact(request), CompactionResponse.class);
    }

    private <T> CompletableFuture<T> propose(KvCommand command, Class<T> responseType) {
        byte[] encoded;
        try {
            encoded = KvCommandCodec.encode(command);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new KvException(ketch.api.kv.StatusCode.INVALID_ARGUMENT, "etcdserver: " + e.getMessage()));
        }
        if (encoded.length > limits.maxRequestBytes()) return CompletableFuture.failedFuture(KvException.requestTooLarge());
        CompletableFuture<Object> future = new CompletableFuture<>();
        long seq = pending.register(future, deadline());
        if (!lanes.propose(seq, envelopes.wrap(seq, encoded))) {
            pending.fail(seq, KvException.tooManyRequests());
        }
        return future.thenApply(responseType::cast);
    }

    private long deadline() {
        return clock.nanoTime() + requestTimeoutNanos;
    }
}
