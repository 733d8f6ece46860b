package ketch.api.kv;

import java.util.concurrent.CompletableFuture;

/**
 * The key-value service front ends call. Every method is asynchronous; a failed future carries a
 * {@link KvException} with etcd's status code and message. Writes complete only after their entry
 * is committed on a quorum and applied.
 */
public interface KvService {
    CompletableFuture<RangeResponse> range(RangeRequest request);

    CompletableFuture<PutResponse> put(PutRequest request);

    CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request);

    CompletableFuture<TxnResponse> txn(TxnRequest request);

    CompletableFuture<CompactionResponse> compact(CompactionRequest request);
}
