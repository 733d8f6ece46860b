package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/**
 * Protobuf sizes checked against etcd 3.4.23, which names the size of a message its gRPC server
 * refuses: "grpc: received message larger than max (N vs. 2097152)". Each request below was sent
 * to it as JSON and N is what it answered.
 */
class RequestSizeTest {
    private static final Bytes BIG = Bytes.wrap(filled(2_100_000));
    private static final Bytes FOO = Bytes.of("foo");

    private static byte[] filled(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'y');
        return bytes;
    }

    @Test
    void sizesAreEtcds() {
        assertEquals(2_100_026, RequestSize.put(new PutRequest(Bytes.of("big1"), BIG, -5, true, true, false)));
        assertEquals(2_100_045, RequestSize.range(new RangeRequest(BIG, Bytes.of("fop"), 300, 70000, SortOrder.DESCEND,
                SortTarget.MOD, true, true, true, 1, 2, 128, -1)));
        assertEquals(2_100_010, RequestSize.deleteRange(new DeleteRangeRequest(BIG, Bytes.copyOf(new byte[] {0}), true)));
        Bytes zero = Bytes.copyOf(new byte[] {0});
        TxnRequest nested = new TxnRequest(
                List.of(new Compare(Compare.Result.EQUAL, Compare.Target.VERSION, Bytes.of("x"), Bytes.EMPTY, 1, Bytes.EMPTY)),
                List.of(), List.of(new RequestOp.DeleteRange(new DeleteRangeRequest(Bytes.of("x"), Bytes.EMPTY, true))));
        TxnRequest txn = new TxnRequest(
                List.of(new Compare(Compare.Result.GREATER, Compare.Target.MOD, FOO, Bytes.of("fop"), 300, Bytes.EMPTY),
                        new Compare(Compare.Result.EQUAL, Compare.Target.VALUE, FOO, Bytes.EMPTY, 0, BIG)),
                List.of(new RequestOp.Put(PutRequest.of(FOO, Bytes.of("bar"))),
                        new RequestOp.Range(new RangeRequest(FOO, Bytes.EMPTY, 5, 0, SortOrder.NONE, SortTarget.KEY,
                                false, false, false, 0, 0, 0, 0)),
                        new RequestOp.Txn(nested)),
                List.of(new RequestOp.Range(RangeRequest.ofKey(zero).withRangeEnd(zero))));
        assertEquals(2_100_092, RequestSize.txn(txn));
    }

    @Test
    void limitsAsEtcdAppliesThem() {
        Limits limits = Limits.DEFAULTS; // 1.5 MiB, so gRPC takes up to 2 MiB
        KvException grpc = assertThrows(KvException.class, () -> RequestSize.check(2_100_011, false, limits));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, grpc.code());
        assertEquals("grpc: received message larger than max (2100011 vs. 2097152)", grpc.getMessage());
        assertDoesNotThrow(() -> RequestSize.check(2_097_152, false, limits));
        KvException raft = assertThrows(KvException.class, () -> RequestSize.check(1_600_000, true, limits));
        assertEquals("etcdserver: request is too large", raft.getMessage());
        assertEquals(StatusCode.INVALID_ARGUMENT, raft.code());
        assertDoesNotThrow(() -> RequestSize.check(1_600_000, false, limits)); // a read never enters raft
        assertDoesNotThrow(() -> RequestSize.check(1_300_000, true, limits));
    }

    @Test
    void readOnlyTxnsAreThoseOfRangesOnly() {
        RequestOp range = new RequestOp.Range(RangeRequest.ofKey(FOO));
        assertEquals(true, RequestSize.isReadOnly(new TxnRequest(List.of(), List.of(range), List.of(range))));
        assertEquals(false, RequestSize.isReadOnly(new TxnRequest(List.of(), List.of(range),
                List.of(new RequestOp.Put(PutRequest.of(FOO, FOO))))));
        assertEquals(false, RequestSize.isReadOnly(new TxnRequest(List.of(), List.of(
                new RequestOp.Txn(new TxnRequest(List.of(), List.of(range), List.of()))), List.of())));
    }
}
