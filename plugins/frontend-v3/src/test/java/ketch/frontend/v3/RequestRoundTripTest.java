package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import ketch.api.Bytes;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/**
 * Random requests written in every spelling a client may use (proto or lowerCamel names, int64 as
 * number or string, enums as name or number, any field order, unknown fields, explicit zeros and
 * nulls) decode back to the same request. Seeded; the seed is in the failure message.
 */
class RequestRoundTripTest {
    private static final long SEED = 20261124L;
    private Random random;

    @Test
    void randomRequestsSurviveAnySpelling() throws IOException {
        random = new Random(SEED);
        for (int i = 0; i < 2000; i++) {
            TxnRequest txn = txn(2);
            String json = write(g -> writeTxn(g, txn));
            assertEquals(txn, new KvRequestDecoder().txn(json.getBytes()), "seed " + SEED + " case " + i + ": " + json);
            RangeRequest range = range();
            String rangeJson = write(g -> writeRange(g, range));
            assertEquals(range, new KvRequestDecoder().range(rangeJson.getBytes()), "case " + i + ": " + rangeJson);
        }
    }

    // ---- random requests

    private Bytes bytes() {
        byte[] b = new byte[random.nextInt(4) == 0 ? 0 : random.nextInt(12)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private long number() {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            case 2 -> Long.MIN_VALUE;
            case 3 -> random.nextInt(1000) - 10;
            default -> random.nextLong();
        };
    }

    private RangeRequest range() {
        return new RangeRequest(bytes(), bytes(), number(), number(), pick(SortOrder.values()), pick(SortTarget.values()),
                random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), number(), number(), number(), number());
    }

    private PutRequest put() {
        return new PutRequest(bytes(), bytes(), number(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
    }

    private TxnRequest txn(int depth) {
        List<Compare> compare = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            Compare.Target target = pick(Compare.Target.values());
            compare.add(new Compare(pick(Compare.Result.values()), target, bytes(), bytes(), number(),
                    target == Compare.Target.VALUE || random.nextBoolean() ? bytes() : Bytes.EMPTY));
        }
        return new TxnRequest(compare, ops(depth), ops(depth));
    }

    private List<RequestOp> ops(int depth) {
        List<RequestOp> ops = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            ops.add(switch (random.nextInt(depth > 0 ? 4 : 3)) {
                case 0 -> new RequestOp.Range(range());
                case 1 -> new RequestOp.Put(put());
                case 2 -> new RequestOp.DeleteRange(new DeleteRangeRequest(bytes(), bytes(), random.nextBoolean()));
                default -> new RequestOp.Txn(txn(depth - 1));
            });
        }
        return ops;
    }

    private <E> E pick(E[] values) {
        return values[random.nextInt(values.length)];
    }

    // ---- writing them as a client might

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Writer body) throws IOException {
        try (ByteArrayBuilder out = new ByteArrayBuilder()) {
            try (JsonGenerator g = GatewayJson.FACTORY.createGenerator(out)) {
                body.write(g);
            }
            return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Writes the fields in a random order, with an unknown one now and then. */
    private void object(JsonGenerator g, List<Writer> fields) throws IOException {
        List<Writer> shuffled = new ArrayList<>(fields);
        if (random.nextInt(4) == 0) {
            shuffled.add(x -> x.writeStringField("no_such_field", "ignored"));
        }
        Collections.shuffle(shuffled, random);
        g.writeStartObject();
        for (Writer field : shuffled) {
            field.write(g);
        }
        g.writeEndObject();
    }

    private String name(String protoName) {
        return random.nextBoolean() ? protoName : MessageFields.lowerCamel(protoName);
    }

    private Writer bytes(String field, Bytes value) {
        return g -> {
            if (value.isEmpty() && random.nextBoolean()) {
                return;
            }
            g.writeFieldName(name(field));
            if (value.isEmpty() && random.nextBoolean()) {
                g.writeNull();
            } else {
                g.writeString(Base64.getEncoder().encodeToString(value.toByteArray()));
            }
        };
    }

    private Writer int64(String field, long value) {
        return g -> {
            if (value == 0 && random.nextBoolean()) {
                return;
            }
            g.writeFieldName(name(field));
            if (random.nextBoolean()) {
                g.writeString(Long.toString(value));
            } else {
                g.writeNumber(value);
            }
        };
    }

    private Writer bool(String field, boolean value) {
        return g -> {
            if (!value && random.nextBoolean()) {
                return;
            }
            g.writeFieldName(name(field));
            if (!value && random.nextBoolean()) {
                g.writeNull();
            } else {
                g.writeBoolean(value);
            }
        };
    }

    private Writer enumeration(String field, Enum<?> value) {
        return g -> {
            if (value.ordinal() == 0 && random.nextBoolean()) {
                return;
            }
            g.writeFieldName(name(field));
            if (random.nextBoolean()) {
                g.writeString(value.name());
            } else {
                g.writeNumber(value.ordinal());
            }
        };
    }

    private void writeRange(JsonGenerator g, RangeRequest r) throws IOException {
        object(g, List.of(bytes("key", r.key()), bytes("range_end", r.rangeEnd()), int64("limit", r.limit()),
                int64("revision", r.revision()), enumeration("sort_order", r.sortOrder()),
                enumeration("sort_target", r.sortTarget()), bool("serializable", r.serializable()),
                bool("keys_only", r.keysOnly()), bool("count_only", r.countOnly()),
                int64("min_mod_revision", r.minModRevision()), int64("max_mod_revision", r.maxModRevision()),
                int64("min_create_revision", r.minCreateRevision()), int64("max_create_revision", r.maxCreateRevision())));
    }

    private void writePut(JsonGenerator g, PutRequest r) throws IOException {
        object(g, List.of(bytes("key", r.key()), bytes("value", r.value()), int64("lease", r.lease()),
                bool("prev_kv", r.prevKv()), bool("ignore_value", r.ignoreValue()), bool("ignore_lease", r.ignoreLease())));
    }

    private void writeTxn(JsonGenerator g, TxnRequest r) throws IOException {
        object(g, List.of(
                x -> list(x, "compare", r.compare(), this::writeCompare),
                x -> list(x, "success", r.success(), this::writeOp),
                x -> list(x, "failure", r.failure(), this::writeOp)));
    }

    @FunctionalInterface
    private interface ElementWriter<T> {
        void write(JsonGenerator g, T element) throws IOException;
    }

    private <T> void list(JsonGenerator g, String field, List<T> elements, ElementWriter<T> writer) throws IOException {
        if (elements.isEmpty() && random.nextBoolean()) {
            return;
        }
        g.writeArrayFieldStart(name(field));
        for (T element : elements) {
            writer.write(g, element);
        }
        g.writeEndArray();
    }

    private void writeCompare(JsonGenerator g, Compare c) throws IOException {
        String operand = switch (c.target()) {
            case VERSION -> "version";
            case CREATE -> "create_revision";
            case MOD -> "mod_revision";
            case VALUE, LEASE -> "lease"; // for VALUE the number rides in any numeric member
        };
        object(g, List.of(enumeration("result", c.result()), enumeration("target", c.target()), bytes("key", c.key()),
                bytes("range_end", c.rangeEnd()), int64(operand, c.number()), bytes("value", c.value())));
    }

    private void writeOp(JsonGenerator g, RequestOp op) throws IOException {
        g.writeStartObject();
        switch (op) {
            case RequestOp.Range range -> {
                g.writeFieldName(name("request_range"));
                writeRange(g, range.request());
            }
            case RequestOp.Put put -> {
                g.writeFieldName(name("request_put"));
                writePut(g, put.request());
            }
            case RequestOp.DeleteRange delete -> {
                g.writeFieldName(name("request_delete_range"));
                DeleteRangeRequest d = delete.request();
                object(g, List.of(bytes("key", d.key()), bytes("range_end", d.rangeEnd()), bool("prev_kv", d.prevKv())));
            }
            case RequestOp.Txn txn -> {
                g.writeFieldName(name("request_txn"));
                writeTxn(g, txn.request());
            }
        }
        g.writeEndObject();
    }
}
