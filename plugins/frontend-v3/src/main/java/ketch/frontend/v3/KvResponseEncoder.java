package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.ResponseOp;
import ketch.api.kv.TxnResponse;

/**
 * Writes KV responses as etcd's gateway does (jsonpb, OrigName, EmitDefaults false): proto field
 * names in proto order, int64 as strings, bytes as standard base64, zero values left out. A
 * header is always written, as {@code {}} when all its fields are zero.
 */
final class KvResponseEncoder {
    private KvResponseEncoder() {}

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] range(RangeResponse r) {
        return encode(g -> range(g, r));
    }

    static byte[] put(PutResponse r) {
        return encode(g -> put(g, r));
    }

    static byte[] deleteRange(DeleteRangeResponse r) {
        return encode(g -> deleteRange(g, r));
    }

    static byte[] txn(TxnResponse r) {
        return encode(g -> txn(g, r));
    }

    static byte[] compaction(CompactionResponse r) {
        return encode(g -> {
            g.writeStartObject();
            header(g, r.header());
            g.writeEndObject();
        });
    }

    /** etcd's unary error body: {@code {"error":msg,"message":msg,"code":n}}. */
    static byte[] error(String message, int code) {
        return encode(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeStringField("message", message);
            g.writeNumberField("code", code);
            g.writeEndObject();
        });
    }

    static byte[] encode(Body body) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = GatewayJson.FACTORY.createGenerator(out)) {
                body.write(g);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
    }

    private static void range(JsonGenerator g, RangeResponse r) throws IOException {
        g.writeStartObject();
        header(g, r.header());
        keyValues(g, "kvs", r.kvs());
        bool(g, "more", r.more());
        int64(g, "count", r.count());
        g.writeEndObject();
    }

    private static void put(JsonGenerator g, PutResponse r) throws IOException {
        g.writeStartObject();
        header(g, r.header());
        if (r.prevKv().isPresent()) {
            g.writeFieldName("prev_kv");
            keyValue(g, r.prevKv().get());
        }
        g.writeEndObject();
    }

    private static void deleteRange(JsonGenerator g, DeleteRangeResponse r) throws IOException {
        g.writeStartObject();
        header(g, r.header());
        int64(g, "deleted", r.deleted());
        keyValues(g, "prev_kvs", r.prevKvs());
        g.writeEndObject();
    }

    private static void txn(JsonGenerator g, TxnResponse r) throws IOException {
        g.writeStartObject();
        header(g, r.header());
        bool(g, "succeeded", r.succeeded());
        if (!r.responses().isEmpty()) {
            g.writeArrayFieldStart("responses");
            for (ResponseOp op : r.responses()) {
                g.writeStartObject();
                switch (op) {
                    case ResponseOp.Range range -> {
                        g.writeFieldName("response_range");
                        range(g, range.response());
                    }
                    case ResponseOp.Put put -> {
                        g.writeFieldName("response_put");
                        put(g, put.response());
                    }
                    case ResponseOp.DeleteRange delete -> {
                        g.writeFieldName("response_delete_range");
                        deleteRange(g, delete.response());
                    }
                    case ResponseOp.Txn nested -> {
                        g.writeFieldName("response_txn");
                        txn(g, nested.response());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    static void header(JsonGenerator g, ResponseHeader h) throws IOException {
        g.writeObjectFieldStart("header");
        if (h != null) {
            uint64(g, "cluster_id", h.clusterId());
            uint64(g, "member_id", h.memberId());
            int64(g, "revision", h.revision());
            uint64(g, "raft_term", h.raftTerm());
        }
        g.writeEndObject();
    }

    private static void keyValues(JsonGenerator g, String name, List<KeyValue> kvs) throws IOException {
        if (kvs.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (KeyValue kv : kvs) {
            keyValue(g, kv);
        }
        g.writeEndArray();
    }

    static void keyValue(JsonGenerator g, KeyValue kv) throws IOException {
        g.writeStartObject();
        bytes(g, "key", kv.key());
        int64(g, "create_revision", kv.createRevision());
        int64(g, "mod_revision", kv.modRevision());
        int64(g, "version", kv.version());
        bytes(g, "value", kv.value());
        int64(g, "lease", kv.lease());
        g.writeEndObject();
    }

    /** jsonpb writes 64-bit integers as strings, and leaves zero out. */
    static void int64(JsonGenerator g, String name, long value) throws IOException {
        if (value != 0) {
            g.writeStringField(name, Long.toString(value));
        }
    }

    /** The header's ids and term are uint64 in etcd: a Java long above 2^63 is printed unsigned. */
    static void uint64(JsonGenerator g, String name, long value) throws IOException {
        if (value != 0) {
            g.writeStringField(name, Long.toUnsignedString(value));
        }
    }

    static void bool(JsonGenerator g, String name, boolean value) throws IOException {
        if (value) {
            g.writeBooleanField(name, true);
        }
    }

    static void bytes(JsonGenerator g, String name, Bytes value) throws IOException {
        if (!value.isEmpty()) {
            g.writeFieldName(name);
            g.writeString(java.util.Base64.getEncoder().encodeToString(value.toByteArray()));
        }
    }
}
