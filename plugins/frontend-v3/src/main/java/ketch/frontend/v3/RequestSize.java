package ketch.frontend.v3;

import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;

/**
 * The protobuf size of a request, which is what etcd limits: the gRPC server the gateway forwards
 * to, and then the raft entry against {@code max-request-bytes}. The JSON body is larger (base64),
 * so limiting the body would refuse requests etcd accepts. Exact for the request itself; the raft
 * wrapper is counted as a fixed {@link #ENVELOPE}.
 */
final class RequestSize {
    /** InternalRaftRequest's header (a request id) and the field tag and length around the request. */
    static final int ENVELOPE = 16;
    /** etcd lets gRPC receive this much more than max-request-bytes (embed/config.go grpcOverheadBytes). */
    static final long GRPC_OVERHEAD = 512 * 1024;

    private RequestSize() {}

    static long range(RangeRequest r) {
        return rangeBody(r);
    }

    static long put(PutRequest r) {
        return putBody(r);
    }

    static long deleteRange(DeleteRangeRequest r) {
        return deleteBody(r);
    }

    static long compaction(CompactionRequest r) {
        return int64(r.revision()) + bool(r.physical());
    }

    static long txn(TxnRequest r) {
        return txnBody(r);
    }

    /**
     * Checks a request of {@code protoBytes} as etcd does: gRPC refuses any message past
     * max-request-bytes + 512 KiB, then the server refuses a raft entry past max-request-bytes.
     * Reads that skip raft (ranges, read-only txns) pass {@code throughRaft} false.
     */
    static void check(long protoBytes, boolean throughRaft, Limits limits) {
        long grpcLimit = limits.maxRequestBytes() + GRPC_OVERHEAD;
        if (protoBytes > grpcLimit) {
            throw new KvException(StatusCode.RESOURCE_EXHAUSTED,
                    "grpc: received message larger than max (" + protoBytes + " vs. " + grpcLimit + ")");
        }
        if (throughRaft && protoBytes + ENVELOPE > limits.maxRequestBytes()) {
            throw KvException.requestTooLarge();
        }
    }

    /** etcd serves a txn of ranges only without raft, so no size limit applies to it. */
    static boolean isReadOnly(TxnRequest r) {
        for (RequestOp op : r.success()) {
            if (!(op instanceof RequestOp.Range)) {
                return false;
            }
        }
        for (RequestOp op : r.failure()) {
            if (!(op instanceof RequestOp.Range)) {
                return false;
            }
        }
        return true;
    }

    private static long rangeBody(RangeRequest r) {
        return bytes(1, r.key()) + bytes(1, r.rangeEnd()) + int64(r.limit()) + int64(r.revision())
                + number(r.sortOrder().ordinal()) + number(r.sortTarget().ordinal()) + bool(r.serializable())
                + bool(r.keysOnly()) + bool(r.countOnly()) + int64(r.minModRevision()) + int64(r.maxModRevision())
                + int64(r.minCreateRevision()) + int64(r.maxCreateRevision());
    }

    private static long putBody(PutRequest r) {
        return bytes(1, r.key()) + bytes(1, r.value()) + int64(r.lease()) + bool(r.prevKv()) + bool(r.ignoreValue())
                + bool(r.ignoreLease());
    }

    private static long deleteBody(DeleteRangeRequest r) {
        return bytes(1, r.key()) + bytes(1, r.rangeEnd()) + bool(r.prevKv());
    }

    private static long txnBody(TxnRequest r) {
        long size = 0;
        for (Compare c : r.compare()) {
            size += message(compareBody(c));
        }
        for (RequestOp op : r.success()) {
            size += message(message(opBody(op)));
        }
        for (RequestOp op : r.failure()) {
            size += message(message(opBody(op)));
        }
        return size;
    }

    private static long compareBody(Compare c) {
        return number(c.result().ordinal()) + number(c.target().ordinal()) + bytes(1, c.key()) + int64(c.number())
                + bytes(1, c.value()) + bytes(2, c.rangeEnd()); // range_end is field 64: a two-byte tag
    }

    private static long opBody(RequestOp op) {
        return switch (op) {
            case RequestOp.Range range -> rangeBody(range.request());
            case RequestOp.Put put -> putBody(put.request());
            case RequestOp.DeleteRange delete -> deleteBody(delete.request());
            case RequestOp.Txn txn -> txnBody(txn.request());
        };
    }

    private static long message(long body) {
        return 1 + varint(body) + body;
    }

    private static long bytes(int tagSize, Bytes b) {
        return b.isEmpty() ? 0 : tagSize + varint(b.size()) + b.size();
    }

    private static long int64(long v) {
        return v == 0 ? 0 : 1 + varint(v);
    }

    private static long number(int v) {
        return v == 0 ? 0 : 1 + varint(v);
    }

    private static long bool(boolean b) {
        return b ? 2 : 0;
    }

    private static int varint(long v) {
        return v < 0 ? 10 : (64 - Long.numberOfLeadingZeros(v | 1) + 6) / 7;
    }
}
