package ketch.api.kv;

/** One operation of a txn branch. */
public sealed interface RequestOp {
    record Range(RangeRequest request) implements RequestOp {}

    record Put(PutRequest request) implements RequestOp {}

    record DeleteRange(DeleteRangeRequest request) implements RequestOp {}

    record Txn(TxnRequest request) implements RequestOp {}
}
