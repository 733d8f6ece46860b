package ketch.api.kv;

/** The answer to one {@link RequestOp}, in the same position. */
public sealed interface ResponseOp {
    record Range(RangeResponse response) implements ResponseOp {}

    record Put(PutResponse response) implements ResponseOp {}

    record DeleteRange(DeleteRangeResponse response) implements ResponseOp {}

    record Txn(TxnResponse response) implements ResponseOp {}
}
