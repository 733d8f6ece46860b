package ketch.frontend.v3;

import ketch.api.kv.Compare;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;

/**
 * The checks etcd's gRPC KV service makes before the server sees a request (3.4
 * {@code etcdserver/api/v3rpc/key.go}), with the same errors. The duplicate-key check of a txn
 * is left to the service, which owns key intervals.
 */
final class KvRequestChecks {
    private KvRequestChecks() {}

    static void range(RangeRequest r) {
        if (r.key().isEmpty()) {
            throw KvException.keyNotProvided();
        }
    }

    static void put(PutRequest r) {
        if (r.key().isEmpty()) {
            throw KvException.keyNotProvided();
        }
        if (r.ignoreValue() && !r.value().isEmpty()) {
            throw new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: value is provided");
        }
        if (r.ignoreLease() && r.lease() != 0) {
            throw new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: lease is provided");
        }
    }

    static void deleteRange(DeleteRangeRequest r) {
        if (r.key().isEmpty()) {
            throw KvException.keyNotProvided();
        }
    }

    /** {@code maxTxnOps} shrinks for nested txns by the size of the txn around them, as in etcd. */
    static void txn(TxnRequest r, int maxTxnOps) {
        int ops = Math.max(r.compare().size(), Math.max(r.success().size(), r.failure().size()));
        if (ops > maxTxnOps) {
            throw KvException.tooManyOps();
        }
        for (Compare c : r.compare()) {
            if (c.key().isEmpty()) {
                throw KvException.keyNotProvided();
            }
        }
        for (RequestOp op : r.success()) {
            requestOp(op, maxTxnOps - ops);
        }
        for (RequestOp op : r.failure()) {
            requestOp(op, maxTxnOps - ops);
        }
    }

    private static void requestOp(RequestOp op, int maxTxnOps) {
        switch (op) {
            case RequestOp.Range range -> range(range.request());
            case RequestOp.Put put -> put(put.request());
            case RequestOp.DeleteRange delete -> deleteRange(delete.request());
            case RequestOp.Txn txn -> txn(txn.request(), maxTxnOps);
        }
    }

    /** etcd answers a txn holding an operation with no request this way (observed on 3.4.23). */
    static KvException emptyRequestOp() {
        return new KvException(StatusCode.INVALID_ARGUMENT, "etcdserver: key not found");
    }
}
