package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import ketch.frontend.v3.JsonMessages.MessageReader;

/**
 * Turns a request body into a KV request record as etcd's gateway (jsonpb) does: proto and
 * lowerCamel names, int64 as number or string, enums as name or number, base64 bytes, unknown
 * fields ignored, an empty body or {@code null} as {@code {}}, anything after the first JSON value
 * ignored. Throws {@link BadJsonException} with Go's message. One instance per request: it counts
 * txn operations that name no request, which etcd refuses later, past the JSON stage.
 */
final class KvRequestDecoder {
    private static final List<String> SORT_ORDERS = names(SortOrder.values());
    private static final List<String> SORT_TARGETS = names(SortTarget.values());
    private static final List<String> COMPARE_RESULTS = names(Compare.Result.values());
    private static final List<String> COMPARE_TARGETS = names(Compare.Target.values());
    private static final String SORT_ORDER_TYPE = "etcdserverpb.RangeRequest_SortOrder";
    private static final String SORT_TARGET_TYPE = "etcdserverpb.RangeRequest_SortTarget";
    private static final String RESULT_TYPE = "etcdserverpb.Compare_CompareResult";
    private static final String TARGET_TYPE = "etcdserverpb.Compare_CompareTarget";

    private static final MessageFields RANGE = MessageFields.of("key", "range_end", "limit", "revision", "sort_order",
            "sort_target", "serializable", "keys_only", "count_only", "min_mod_revision", "max_mod_revision",
            "min_create_revision", "max_create_revision");
    private static final MessageFields PUT = MessageFields.of("key", "value", "lease", "prev_kv", "ignore_value",
            "ignore_lease");
    private static final MessageFields DELETE_RANGE = MessageFields.of("key", "range_end", "prev_kv");
    private static final MessageFields COMPACTION = MessageFields.of("revision", "physical");
    private static final MessageFields TXN = MessageFields.of("compare", "success", "failure");
    // jsonpb decodes plain fields before the target_union oneof; errors are reported in that order.
    private static final MessageFields COMPARE = MessageFields.of("result", "target", "key", "range_end", "version",
            "create_revision", "mod_revision", "value", "lease");
    private static final MessageFields REQUEST_OP = MessageFields.of("request_range", "request_put",
            "request_delete_range", "request_txn");

    private int emptyOps;
    private byte[] source = new byte[0];

    /** How many txn operations (at any depth) named none of the four requests. */
    int emptyOps() {
        return emptyOps;
    }

    RangeRequest range(byte[] body) {
        return document(body, this::range);
    }

    PutRequest put(byte[] body) {
        return document(body, this::put);
    }

    DeleteRangeRequest deleteRange(byte[] body) {
        return document(body, this::deleteRange);
    }

    TxnRequest txn(byte[] body) {
        return document(body, this::txn);
    }

    CompactionRequest compaction(byte[] body) {
        return document(body, this::compaction);
    }

    private <T> T document(byte[] body, MessageReader<T> reader) {
        source = body;
        return JsonMessages.document(body, reader);
    }

    private RangeRequest range(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, RANGE, (index, parser) -> switch (index) {
            case 0, 1 -> JsonValues.bytes(parser);
            case 4 -> JsonValues.enumNumber(parser, source, SORT_ORDER_TYPE, SORT_ORDERS);
            case 5 -> JsonValues.enumNumber(parser, source, SORT_TARGET_TYPE, SORT_TARGETS);
            case 6, 7, 8 -> JsonValues.bool(parser);
            default -> JsonValues.int64(parser, source);
        });
        // etcd 3.4 accepts any number for the sort enums; one it does not know sorts like the default
        int order = f.number(4);
        int target = f.number(5);
        return new RangeRequest(f.bytes(0), f.bytes(1), f.int64(2), f.int64(3),
                order >= 0 && order < SORT_ORDERS.size() ? SortOrder.values()[order] : SortOrder.NONE,
                target >= 0 && target < SORT_TARGETS.size() ? SortTarget.values()[target] : SortTarget.KEY,
                f.bool(6), f.bool(7), f.bool(8), f.int64(9), f.int64(10), f.int64(11), f.int64(12));
    }

    private PutRequest put(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, PUT, (index, parser) -> switch (index) {
            case 0, 1 -> JsonValues.bytes(parser);
            case 2 -> JsonValues.int64(parser, source);
            default -> JsonValues.bool(parser);
        });
        return new PutRequest(f.bytes(0), f.bytes(1), f.int64(2), f.bool(3), f.bool(4), f.bool(5));
    }

    private DeleteRangeRequest deleteRange(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, DELETE_RANGE, (index, parser) -> index == 2
                ? JsonValues.bool(parser) : JsonValues.bytes(parser));
        return new DeleteRangeRequest(f.bytes(0), f.bytes(1), f.bool(2));
    }

    private CompactionRequest compaction(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, COMPACTION, (index, parser) -> index == 0
                ? JsonValues.int64(parser, source) : JsonValues.bool(parser));
        return new CompactionRequest(f.int64(0), f.bool(1));
    }

    @SuppressWarnings("unchecked")
    private TxnRequest txn(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, TXN, (index, parser) -> index == 0
                ? JsonMessages.repeated(parser, this::compare) : JsonMessages.repeated(parser, this::requestOp));
        List<Compare> compare = f.has(0) ? (List<Compare>) f.get(0) : List.of();
        List<RequestOp> success = f.has(1) ? (List<RequestOp>) f.get(1) : List.of();
        List<RequestOp> failure = f.has(2) ? (List<RequestOp>) f.get(2) : List.of();
        return new TxnRequest(compare, stripEmpty(success), stripEmpty(failure));
    }

    private Compare compare(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, COMPARE, (index, parser) -> switch (index) {
            case 0 -> JsonValues.enumNumber(parser, source, RESULT_TYPE, COMPARE_RESULTS);
            case 1 -> JsonValues.enumNumber(parser, source, TARGET_TYPE, COMPARE_TARGETS);
            case 2, 3, 7 -> JsonValues.bytes(parser);
            default -> JsonValues.int64(parser, source);
        });
        Compare.Result result = knownEnum(Compare.Result.values(), f.number(0), RESULT_TYPE);
        Compare.Target target = knownEnum(Compare.Target.values(), f.number(1), TARGET_TYPE);
        return new Compare(result, target, f.bytes(2), f.bytes(3), operand(f, target), f.bytes(7));
    }

    /** The number of the target_union: the member that matches the target, else the last one given. */
    private static long operand(FieldSlots f, Compare.Target target) {
        int matching = switch (target) {
            case VERSION -> 4;
            case CREATE -> 5;
            case MOD -> 6;
            case VALUE -> 7;
            case LEASE -> 8;
        };
        if (matching != 7 && f.has(matching)) {
            return f.int64(matching);
        }
        for (int index : new int[] {8, 6, 5, 4}) {
            if (f.has(index)) {
                return f.int64(index);
            }
        }
        return 0;
    }

    private static <E extends Enum<E>> E knownEnum(E[] values, int number, String goType) {
        if (number < 0 || number >= values.length) {
            // etcd 3.4 would take it and compare nonsense; refusing is the safe reading
            throw new BadJsonException("unknown value " + number + " for enum " + goType);
        }
        return values[number];
    }

    /** A RequestOp; null when it names no request (etcd refuses such a txn later). */
    private RequestOp requestOp(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, REQUEST_OP, (index, parser) -> {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw JsonValues.mismatch(parser, JsonValues.MESSAGE);
            }
            return switch (index) {
                case 0 -> new RequestOp.Range(range(parser));
                case 1 -> new RequestOp.Put(put(parser));
                case 2 -> new RequestOp.DeleteRange(deleteRange(parser));
                default -> new RequestOp.Txn(txn(parser));
            };
        });
        for (int index = REQUEST_OP.size() - 1; index >= 0; index--) {
            if (f.has(index)) {
                return (RequestOp) f.get(index);
            }
        }
        emptyOps++;
        return null;
    }

    private static List<RequestOp> stripEmpty(List<RequestOp> ops) {
        return ops.stream().filter(java.util.Objects::nonNull).toList(); // List.of() has no null to look for
    }

    private static List<String> names(Enum<?>[] values) {
        List<String> names = new ArrayList<>(values.length);
        for (Enum<?> value : values) {
            names.add(value.name());
        }
        return List.copyOf(names);
    }
}
