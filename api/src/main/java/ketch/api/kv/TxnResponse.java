package ketch.api.kv;

import java.util.List;

/** etcd's TxnResponse. */
public record TxnResponse(ResponseHeader header, boolean succeeded, List<ResponseOp> responses) {
    public TxnResponse {
        responses = List.copyOf(responses);
    }
}
