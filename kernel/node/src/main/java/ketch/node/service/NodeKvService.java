package ketch.node.service;

import java.util.concurrent.CompletableFuture;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KvException;
import ketch.api.kv.KvService;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import ketch.kv.KvCommand;
import ketch.node.lanes.Lanes;

/**
 * The KvService front ends call: a write becomes a Raft proposal and completes when its entry is
 * committed and applied here; a linearizable read waits for a ReadIndex round; a serializable read
 * goes straight to the applied state. Every request has a deadline.
 */
public final class NodeKvService implements KvService {
    private final Lanes lanes;
    private final Proposer proposer;
    private final QuotaGuard quota;

    public NodeKvService(Lanes lanes, Proposer proposer, QuotaGuard quota) {
        this.lanes = lanes;
        this.proposer = proposer;
        this.quota = quota;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        if (request.key().isEmpty()) return CompletableFuture.failedFuture(KvException.keyNotProvided());
        CompletableFuture<Object> future = new CompletableFuture<>();
        long seq = proposer.pending().register(future, proposer.deadline());
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
        return quota.propose(new KvCommand.Put(request), PutResponse.class);
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        if (request.key().isEmpty()) return CompletableFuture.failedFuture(KvException.keyNotProvided());
        return proposer.propose(new KvCommand.DeleteRange(request), DeleteRangeResponse.class);
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return quota.propose(new KvCommand.Txn(request), TxnResponse.class);
    }

    /**
     * etcd's {@code physical} waits until the compaction reached the backend; here history is
     * dropped when the entry applies, which is when this completes, so both forms answer alike.
     */
    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return proposer.propose(new KvCommand.Compact(request), CompactionResponse.class);
    }
}
