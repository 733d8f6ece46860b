package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.ResponseOp;
import ketch.api.kv.TxnResponse;
import org.junit.jupiter.api.Test;

/** The response bodies of etcd-api.md §1.4, byte for byte, with the captured cluster's header. */
class KvResponseEncoderTest {
    // cluster_id and member_id above 2^63: etcd's uint64 ids, held in a Java long
    private static final long CLUSTER = Long.parseUnsignedLong("14078308873868676688");
    private static final long MEMBER = Long.parseUnsignedLong("15596371155666589935");

    private static ResponseHeader header(long revision) {
        return new ResponseHeader(CLUSTER, MEMBER, revision, 2);
    }

    private static String h(long revision) {
        return "{\"cluster_id\":\"14078308873868676688\",\"member_id\":\"15596371155666589935\",\"revision\":\""
                + revision + "\",\"raft_term\":\"2\"}";
    }

    private static KeyValue kv(String key, long create, long mod, long version, String value) {
        return new KeyValue(Bytes.of(key), create, mod, version, Bytes.of(value), 0);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void put() {
        assertEquals("{\"header\":" + h(2) + "}", text(KvResponseEncoder.put(new PutResponse(header(2), Optional.empty()))));
        assertEquals("{\"header\":" + h(3) + ",\"prev_kv\":{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"2\","
                + "\"version\":\"1\",\"value\":\"YmFy\"}}",
                text(KvResponseEncoder.put(new PutResponse(header(3), Optional.of(kv("foo", 2, 2, 1, "bar"))))));
    }

    @Test
    void range() {
        RangeResponse prefix = new RangeResponse(header(5),
                List.of(kv("foo", 2, 3, 2, "bar2"), kv("foo1", 4, 4, 1, "v1"), kv("foo2", 5, 5, 1, "v2")), false, 3);
        assertEquals("{\"header\":" + h(5) + ",\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"3\","
                + "\"version\":\"2\",\"value\":\"YmFyMg==\"},{\"key\":\"Zm9vMQ==\",\"create_revision\":\"4\",\"mod_revision\":\"4\","
                + "\"version\":\"1\",\"value\":\"djE=\"},{\"key\":\"Zm9vMg==\",\"create_revision\":\"5\",\"mod_revision\":\"5\","
                + "\"version\":\"1\",\"value\":\"djI=\"}],\"count\":\"3\"}", text(KvResponseEncoder.range(prefix)));
        assertEquals("{\"header\":" + h(5) + ",\"kvs\":[{\"key\":\"Zm9vMg==\",\"create_revision\":\"5\",\"mod_revision\":\"5\","
                + "\"version\":\"1\",\"value\":\"djI=\"}],\"more\":true,\"count\":\"3\"}",
                text(KvResponseEncoder.range(new RangeResponse(header(5), List.of(kv("foo2", 5, 5, 1, "v2")), true, 3))));
        assertEquals("{\"header\":" + h(5) + ",\"count\":\"3\"}",
                text(KvResponseEncoder.range(new RangeResponse(header(5), List.of(), false, 3))));
        assertEquals("{\"header\":" + h(5) + "}", text(KvResponseEncoder.range(new RangeResponse(header(5), List.of(), false, 0))));
        assertEquals("{\"header\":" + h(5) + ",\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"3\","
                + "\"version\":\"2\"}],\"count\":\"1\"}",
                text(KvResponseEncoder.range(new RangeResponse(header(5), List.of(kv("foo", 2, 3, 2, "")), false, 1))));
        KeyValue leased = new KeyValue(Bytes.of("leased"), 9, 9, 1, Bytes.of("v"), 777);
        assertEquals("{\"header\":" + h(9) + ",\"kvs\":[{\"key\":\"bGVhc2Vk\",\"create_revision\":\"9\",\"mod_revision\":\"9\","
                + "\"version\":\"1\",\"value\":\"dg==\",\"lease\":\"777\"}],\"count\":\"1\"}",
                text(KvResponseEncoder.range(new RangeResponse(header(9), List.of(leased), false, 1))));
    }

    @Test
    void txnWithSubResponseHeadersAsTheServiceGivesThem() {
        ResponseHeader sub = new ResponseHeader(0, 0, 6, 0);
        TxnResponse success = new TxnResponse(header(6), true, List.of(
                new ResponseOp.Put(new PutResponse(sub, Optional.empty())),
                new ResponseOp.Range(new RangeResponse(sub, List.of(kv("foo", 2, 6, 3, "bar3")), false, 1))));
        assertEquals("{\"header\":" + h(6) + ",\"succeeded\":true,\"responses\":[{\"response_put\":{\"header\":{\"revision\":\"6\"}}},"
                + "{\"response_range\":{\"header\":{\"revision\":\"6\"},\"kvs\":[{\"key\":\"Zm9v\",\"create_revision\":\"2\","
                + "\"mod_revision\":\"6\",\"version\":\"3\",\"value\":\"YmFyMw==\"}],\"count\":\"1\"}}]}",
                text(KvResponseEncoder.txn(success)));

        TxnResponse failure = new TxnResponse(header(6), false, List.of(
                new ResponseOp.Range(new RangeResponse(sub, List.of(kv("foo", 2, 6, 3, "bar3")), false, 1)),
                new ResponseOp.DeleteRange(new DeleteRangeResponse(sub, 0, List.of()))));
        assertEquals("{\"header\":" + h(6) + ",\"responses\":[{\"response_range\":{\"header\":{\"revision\":\"6\"},\"kvs\":"
                + "[{\"key\":\"Zm9v\",\"create_revision\":\"2\",\"mod_revision\":\"6\",\"version\":\"3\",\"value\":\"YmFyMw==\"}],"
                + "\"count\":\"1\"}},{\"response_delete_range\":{\"header\":{\"revision\":\"6\"}}}]}",
                text(KvResponseEncoder.txn(failure)));

        TxnResponse nested = new TxnResponse(header(7), true, List.of(new ResponseOp.Txn(new TxnResponse(
                new ResponseHeader(0, 0, 0, 0), true,
                List.of(new ResponseOp.Range(new RangeResponse(sub, List.of(), false, 0)))))));
        assertEquals("{\"header\":" + h(7) + ",\"succeeded\":true,\"responses\":[{\"response_txn\":{\"header\":{},"
                + "\"succeeded\":true,\"responses\":[{\"response_range\":{\"header\":{\"revision\":\"6\"}}}]}}]}",
                text(KvResponseEncoder.txn(nested)));

        assertEquals("{\"header\":" + h(7) + ",\"succeeded\":true}",
                text(KvResponseEncoder.txn(new TxnResponse(header(7), true, List.of()))));
    }

    @Test
    void deleteRangeAndCompaction() {
        assertEquals("{\"header\":" + h(8) + ",\"deleted\":\"1\",\"prev_kvs\":[{\"key\":\"Zm9vMQ==\",\"create_revision\":\"4\","
                + "\"mod_revision\":\"4\",\"version\":\"1\",\"value\":\"djE=\"}]}",
                text(KvResponseEncoder.deleteRange(new DeleteRangeResponse(header(8), 1, List.of(kv("foo1", 4, 4, 1, "v1"))))));
        assertEquals("{\"header\":" + h(8) + "}",
                text(KvResponseEncoder.deleteRange(new DeleteRangeResponse(header(8), 0, List.of()))));
        assertEquals("{\"header\":" + h(11) + "}", text(KvResponseEncoder.compaction(new CompactionResponse(header(11)))));
    }

    @Test
    void errorsAreEscapedAsGoEscapes() {
        assertEquals("{\"error\":\"etcdserver: key is not provided\",\"message\":\"etcdserver: key is not provided\",\"code\":3}",
                text(KvResponseEncoder.error("etcdserver: key is not provided", 3)));
        assertEquals("{\"error\":\"unknown value \\\"\\u003cb\\u003e\\u0026\\\" for enum x\","
                + "\"message\":\"unknown value \\\"\\u003cb\\u003e\\u0026\\\" for enum x\",\"code\":3}",
                text(KvResponseEncoder.error("unknown value \"<b>&\" for enum x", 3)));
    }
}
