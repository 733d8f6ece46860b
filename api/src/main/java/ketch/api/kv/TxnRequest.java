package ketch.api.kv;

import java.util.List;

/** etcd's TxnRequest: if every compare holds, run {@code success}, else {@code failure}. */
public record TxnRequest(List<Compare> compare, List<RequestOp> success, List<RequestOp> failure) {
    public TxnRequest {
        compare = List.copyOf(compare);
        success = List.copyOf(success);
        failure = List.copyOf(failure);
    }
}
