package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request bodies from etcd-api.md §1.4 and from probing etcd 3.4.23's gateway, decoded as it does. */
class KvRequestDecoderTest {
    private static final Bytes FOO = Bytes.of("foo");
    private static final Bytes FOP = Bytes.of("fop");

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RangeRequest range(String body) {
        return new KvRequestDecoder().range(json(body));
    }

    private static PutRequest put(String body) {
        return new KvRequestDecoder().put(json(body));
    }

    private static TxnRequest txn(String body) {
        return new KvRequestDecoder().txn(json(body));
    }

    private static RangeRequest rangeOf(Bytes key, Bytes end) {
        return RangeRequest.ofKey(key).withRangeEnd(end);
    }

    @Test
    void capturedRangeRequests() {
        assertEquals(rangeOf(FOO, FOP), range("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\"}"));
        assertEquals(new RangeRequest(FOO, FOP, 2, 0, SortOrder.DESCEND, SortTarget.KEY, false, false, false, 0, 0, 0, 0),
                range("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"limit\":2,\"sort_order\":\"DESCEND\",\"sort_target\":\"KEY\"}"));
        assertEquals(new RangeRequest(FOO, FOP, 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, true, 0, 0, 0, 0),
                range("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"count_only\":true}"));
        assertEquals(new RangeRequest(FOO, FOP, 0, 0, SortOrder.NONE, SortTarget.KEY, false, true, false, 0, 0, 0, 0),
                range("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"keys_only\":true}"));
        Bytes zero = Bytes.copyOf(new byte[] {0});
        assertEquals(rangeOf(zero, zero), range("{\"key\":\"AA==\",\"range_end\":\"AA==\"}"));
        assertEquals(new RangeRequest(FOO, Bytes.EMPTY, 0, 3, SortOrder.NONE, SortTarget.KEY, false, false, false, 0, 0, 0, 0),
                range("{\"key\":\"Zm9v\",\"revision\":\"3\"}"));
    }

    @Test
    void everyRangeFieldByProtoNameAndByLowerCamelName() {
        RangeRequest all = new RangeRequest(FOO, FOP, 1, 2, SortOrder.ASCEND, SortTarget.VALUE, true, true, true, 3, 4, 5, 6);
        assertEquals(all, range("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"limit\":\"1\",\"revision\":2,\"sort_order\":1,"
                + "\"sort_target\":\"VALUE\",\"serializable\":true,\"keys_only\":true,\"count_only\":true,"
                + "\"min_mod_revision\":3,\"max_mod_revision\":\"4\",\"min_create_revision\":5,\"max_create_revision\":6}"));
        assertEquals(all, range("{\"key\":\"Zm9v\",\"rangeEnd\":\"Zm9w\",\"limit\":\"1\",\"revision\":2,\"sortOrder\":1,"
                + "\"sortTarget\":\"VALUE\",\"serializable\":true,\"keysOnly\":true,\"countOnly\":true,"
                + "\"minModRevision\":3,\"maxModRevision\":\"4\",\"minCreateRevision\":5,\"maxCreateRevision\":6}"));
    }

    @Test
    void jsonpbFieldRules() {
        // the last occurrence wins; the camel name beats the proto name wherever it stands
        assertEquals(RangeRequest.ofKey(Bytes.of("bar")), range("{\"key\":\"Zm9v\",\"key\":\"YmFy\"}"));
        assertEquals(rangeOf(FOO, FOP), range("{\"key\":\"Zm9v\",\"rangeEnd\":\"Zm9w\",\"range_end\":\"AA==\"}"));
        // a bad proto-named value is never decoded when the camel name is present
        assertEquals(rangeOf(FOO, FOP), range("{\"key\":\"Zm9v\",\"range_end\":\"!!\",\"rangeEnd\":\"Zm9w\"}"));
        // unknown fields, wrong capitalisation, null values and what follows the first value are ignored
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":\"Zm9v\", \"bogus\":[1,{\"a\":2}], \"RangeEnd\":\"Zm9w\"}"));
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":\"Zm9v\",\"limit\":null,\"serializable\":null}"));
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":\"Zm9v\"} x"));
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":\"Zm9v\"}}"));
        // an empty body, blanks and null are {}
        RangeRequest empty = RangeRequest.ofKey(Bytes.EMPTY);
        assertEquals(empty, range(""));
        assertEquals(empty, range("   \n"));
        assertEquals(empty, range("null"));
        assertEquals(empty, range("{} {}"));
        // escapes in strings, and bytes as an array of numbers (Go's []byte accepts both)
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":\"\\u005am9v\"}"));
        assertEquals(RangeRequest.ofKey(FOO), range("{\"key\":[102,111,111]}"));
        // numbers: negative, quoted with blanks around
        assertEquals(-1, range("{\"key\":\"Zm9v\",\"limit\":\"-1\"}").limit());
        assertEquals(1, range("{\"key\":\"Zm9v\",\"limit\":\" 1\"}").limit());
        assertEquals(0, range("{\"key\":\"Zm9v\",\"limit\":\"null\"}").limit());
        // enum numbers etcd 3.4 accepts without knowing them sort like the default
        assertEquals(SortOrder.NONE, range("{\"key\":\"Zm9v\",\"sort_order\":7}").sortOrder());
    }

    /** Each body and the message etcd 3.4.23 answered with (code 3, HTTP 400). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"key\":\"Zm9v\",\"limit\":2.5}                | json: cannot unmarshal number 2.5 into Go value of type int64",
        "{\"key\":\"Zm9v\",\"limit\":\"abc\"}            | invalid character 'a' looking for beginning of value",
        "{\"key\":\"Zm9v\",\"limit\":true}               | json: cannot unmarshal bool into Go value of type int64",
        "{\"key\":\"Zm9v\",\"limit\":1e2}                | json: cannot unmarshal number 1e2 into Go value of type int64",
        "{\"key\":\"Zm9v\",\"limit\":99999999999999999999} | json: cannot unmarshal number 99999999999999999999 into Go value of type int64",
        "{\"key\":\"Zm9v\",\"limit\":\"1.0\"}            | json: cannot unmarshal number 1.0 into Go value of type int64",
        "{\"key\":\"Zm9v\",\"limit\":\"0x10\"}           | invalid character 'x' after top-level value",
        "{\"key\":\"Zm9v\",\"limit\":\"+1\"}             | invalid character '+' looking for beginning of value",
        "{\"key\":5}                                     | json: cannot unmarshal number into Go value of type []uint8",
        "{\"key\":true}                                  | json: cannot unmarshal bool into Go value of type []uint8",
        "{\"key\":[\"Zm9v\"]}                            | json: cannot unmarshal string into Go value of type uint8",
        "{\"key\":{}}                                    | json: cannot unmarshal object into Go value of type []uint8",
        "{\"key\":\"Zm9v\",\"serializable\":\"true\"}    | json: cannot unmarshal string into Go value of type bool",
        "{\"key\":\"Zm9v\",\"serializable\":1}           | json: cannot unmarshal number into Go value of type bool",
        "{\"key\":\"Zm9v\",\"sort_order\":\"1\"}         | unknown value \"1\" for enum etcdserverpb.RangeRequest_SortOrder",
        "{\"key\":\"Zm9v\",\"sort_order\":\"BOGUS\"}     | unknown value \"BOGUS\" for enum etcdserverpb.RangeRequest_SortOrder",
        "{\"key\":\"Zm9v\",\"sort_target\":\"BOGUS\"}    | unknown value \"BOGUS\" for enum etcdserverpb.RangeRequest_SortTarget",
        "{\"key\":\"Zm9v\",\"sort_order\":true}          | json: cannot unmarshal bool into Go value of type etcdserverpb.RangeRequest_SortOrder",
        "{\"key\":\"Zm9v\",\"sort_order\":1.5}           | json: cannot unmarshal number 1.5 into Go value of type etcdserverpb.RangeRequest_SortOrder",
        "[]                                              | json: cannot unmarshal array into Go value of type map[string]json.RawMessage",
        "\"x\"                                           | json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
        "5                                               | json: cannot unmarshal number into Go value of type map[string]json.RawMessage",
        "{\"key\":\"Zm9\"}                               | illegal base64 data at input byte 0",
        "{\"key\":\"not base64!!\"}                      | illegal base64 data at input byte 3",
        "{\"key\":\"Zm9v\",}                             | invalid character '}' looking for beginning of object key string",
        "{key:\"Zm9v\"}                                  | invalid character 'k' looking for beginning of object key string",
        "{\"key\":\"Zm9v\"                               | unexpected EOF",
        "{\"key\"                                        | unexpected EOF",
        "{\"key\": \"Zm9v\", \"value\":                  | unexpected EOF",
        // the first bad field in proto order wins (limit is field 3, key field 1), even before a later syntax check passes
        "{\"limit\":true,\"key\":5}                      | json: cannot unmarshal number into Go value of type []uint8",
        // a syntax error anywhere wins over a type error before it
        "{\"key\":5,\"limit\":                           | unexpected EOF",
    })
    void badRangeBodies(String body, String message) {
        BadJsonException e = assertThrows(BadJsonException.class, () -> range(body.strip()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void capturedPutRequests() {
        assertEquals(PutRequest.of(FOO, Bytes.of("bar")), put("{\"key\":\"Zm9v\",\"value\":\"YmFy\"}"));
        assertEquals(new PutRequest(FOO, Bytes.of("bar2"), 0, true, false, false),
                put("{\"key\":\"Zm9v\",\"value\":\"YmFyMg==\",\"prev_kv\":true}"));
        assertEquals(new PutRequest(FOO, Bytes.of("bar"), 12345, false, false, false),
                put("{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"lease\":\"12345\"}"));
        assertEquals(new PutRequest(Bytes.of("nosuchkey"), Bytes.EMPTY, 0, false, true, false),
                put("{\"key\":\"bm9zdWNoa2V5\",\"ignore_value\":true}"));
        assertEquals(new PutRequest(FOO, Bytes.of("bar"), 5, false, false, true),
                put("{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"ignore_lease\":true,\"lease\":\"5\"}"));
        assertEquals(new PutRequest(FOO, Bytes.of("bar"), 5, true, true, true),
                put("{\"key\":\"Zm9v\",\"value\":\"YmFy\",\"ignoreLease\":true,\"lease\":5,\"prevKv\":true,\"ignoreValue\":true}"));
        assertEquals(PutRequest.of(Bytes.EMPTY, Bytes.of("bar")), put("{\"value\":\"YmFy\"}"));
    }

    @Test
    void capturedDeleteRangeAndCompactionRequests() {
        KvRequestDecoder decoder = new KvRequestDecoder();
        assertEquals(new DeleteRangeRequest(Bytes.of("foo1"), Bytes.EMPTY, true),
                decoder.deleteRange(json("{\"key\":\"Zm9vMQ==\",\"prev_kv\":true}")));
        assertEquals(new DeleteRangeRequest(FOO, FOP, true),
                decoder.deleteRange(json("{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"prev_kv\":true}")));
        assertEquals(new CompactionRequest(5, false), decoder.compaction(json("{\"revision\":\"5\"}")));
        assertEquals(new CompactionRequest(8, true), decoder.compaction(json("{\"revision\":\"8\",\"physical\":true}")));
        assertEquals(new CompactionRequest(0, false), decoder.compaction(json("")));
        BadJsonException e = assertThrows(BadJsonException.class, () -> decoder.compaction(json("{\"revision\":\"x\"}")));
        assertEquals("invalid character 'x' looking for beginning of value", e.getMessage());
    }

    @Test
    void capturedTxnRequests() {
        TxnRequest success = txn("{\"compare\":[{\"target\":\"VALUE\",\"key\":\"Zm9v\",\"result\":\"EQUAL\",\"value\":\"YmFyMg==\"}],"
                + "\"success\":[{\"request_put\":{\"key\":\"Zm9v\",\"value\":\"YmFyMw==\"}},{\"request_range\":{\"key\":\"Zm9v\"}}],"
                + "\"failure\":[{\"request_range\":{\"key\":\"Zm9v\"}}]}");
        assertEquals(new TxnRequest(
                List.of(new Compare(Compare.Result.EQUAL, Compare.Target.VALUE, FOO, Bytes.EMPTY, 0, Bytes.of("bar2"))),
                List.of(new RequestOp.Put(PutRequest.of(FOO, Bytes.of("bar3"))), new RequestOp.Range(RangeRequest.ofKey(FOO))),
                List.of(new RequestOp.Range(RangeRequest.ofKey(FOO)))), success);

        TxnRequest createIfAbsent = txn("{\"compare\":[{\"target\":\"CREATE\",\"key\":\"bmV3a2V5\",\"result\":\"EQUAL\","
                + "\"create_revision\":\"0\"}],\"success\":[{\"request_put\":{\"key\":\"bmV3a2V5\",\"value\":\"eA==\"}}]}");
        assertEquals(new TxnRequest(
                List.of(new Compare(Compare.Result.EQUAL, Compare.Target.CREATE, Bytes.of("newkey"), Bytes.EMPTY, 0, Bytes.EMPTY)),
                List.of(new RequestOp.Put(PutRequest.of(Bytes.of("newkey"), Bytes.of("x")))), List.of()), createIfAbsent);

        TxnRequest nested = txn("{\"compare\":[{\"target\":\"MOD\",\"key\":\"Zm9v\",\"result\":\"GREATER\",\"mod_revision\":\"1\"},"
                + "{\"target\":\"VALUE\",\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"result\":\"NOT_EQUAL\",\"value\":\"eA==\"}],"
                + "\"success\":[{\"request_txn\":{\"success\":[{\"request_range\":{\"key\":\"Zm9vMQ==\"}}]}}]}");
        assertEquals(new TxnRequest(
                List.of(new Compare(Compare.Result.GREATER, Compare.Target.MOD, FOO, Bytes.EMPTY, 1, Bytes.EMPTY),
                        new Compare(Compare.Result.NOT_EQUAL, Compare.Target.VALUE, FOO, FOP, 0, Bytes.of("x"))),
                List.of(new RequestOp.Txn(new TxnRequest(List.of(),
                        List.of(new RequestOp.Range(RangeRequest.ofKey(Bytes.of("foo1")))), List.of()))),
                List.of()), nested);

        assertEquals(new TxnRequest(List.of(), List.of(), List.of()), txn("{}"));
        assertEquals(new TxnRequest(List.of(), List.of(), List.of()), txn("{\"compare\":null,\"success\":null}"));
        // numbers for enums, camel names, the version/lease operands
        TxnRequest numbers = txn("{\"compare\":[{\"result\":3,\"target\":4,\"key\":\"Zm9v\",\"lease\":\"7\"},"
                + "{\"result\":\"LESS\",\"target\":\"VERSION\",\"key\":\"Zm9v\",\"rangeEnd\":\"Zm9w\",\"version\":99}],"
                + "\"success\":[{\"requestDeleteRange\":{\"key\":\"Zm9v\"}}]}");
        assertEquals(new TxnRequest(
                List.of(new Compare(Compare.Result.NOT_EQUAL, Compare.Target.LEASE, FOO, Bytes.EMPTY, 7, Bytes.EMPTY),
                        new Compare(Compare.Result.LESS, Compare.Target.VERSION, FOO, FOP, 99, Bytes.EMPTY)),
                List.of(new RequestOp.DeleteRange(new DeleteRangeRequest(FOO, Bytes.EMPTY, false))), List.of()), numbers);
    }

    @Test
    void countsOperationsThatNameNoRequest() {
        KvRequestDecoder decoder = new KvRequestDecoder();
        TxnRequest r = decoder.txn(json("{\"compare\":[{\"result\":0,\"target\":1,\"key\":\"Zm9v\",\"TargetUnion\":null}],"
                + "\"success\":[{\"Request\":{\"RequestPut\":{\"key\":\"Zm9v\"}}}, null, {\"request_range\":{\"key\":\"Zm9v\"}}]}"));
        assertEquals(2, decoder.emptyOps());
        assertEquals(List.of(new RequestOp.Range(RangeRequest.ofKey(FOO))), r.success());
        assertEquals(0, new KvRequestDecoder().emptyOps());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"compare\":\"x\"}                      | json: cannot unmarshal string into Go value of type []json.RawMessage",
        "{\"compare\":[\"x\"]}                    | json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
        "{\"compare\":[{\"result\":\"BOGUS\"}]}   | unknown value \"BOGUS\" for enum etcdserverpb.Compare_CompareResult",
        "{\"compare\":[{\"target\":\"BOGUS\"}]}   | unknown value \"BOGUS\" for enum etcdserverpb.Compare_CompareTarget",
        "{\"success\":{}}                         | json: cannot unmarshal object into Go value of type []json.RawMessage",
        "{\"success\":[{\"request_put\":\"x\"}]}  | json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
        "{\"success\":[{\"request_range\":{\"key\":\"Zm9v\",\"limit\":\"x\"}}],\"compare\":\"y\"} | json: cannot unmarshal string into Go value of type []json.RawMessage",
        "{\"success\":[{\"request_put\":{\"key\":\"Zm9v\",\"lease\":true}}],\"compare\":[{\"key\":\"Zm9v\",\"result\":true}]} | json: cannot unmarshal bool into Go value of type etcdserverpb.Compare_CompareResult",
        "{\"success\":[{\"request_txn\":{\"failure\":[{\"request_put\":{\"key\":\"Zm9\"}}]}}]} | illegal base64 data at input byte 0",
        // refused here although etcd 3.4 takes it: an unknown compare target cannot be evaluated meaningfully
        "{\"compare\":[{\"target\":9,\"key\":\"Zm9v\"}]} | unknown value 9 for enum etcdserverpb.Compare_CompareTarget",
    })
    void badTxnBodies(String body, String message) {
        BadJsonException e = assertThrows(BadJsonException.class, () -> txn(body.strip()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void deepNestingIsBoundedByTheParserNotTheStack() {
        String open = "{\"request_txn\":{\"success\":[";
        String close = "]}}";
        TxnRequest deep = txn("{\"success\":[" + open.repeat(200) + close.repeat(200) + "]}");
        assertEquals(1, deep.success().size());
        BadJsonException tooDeep = assertThrows(BadJsonException.class,
                () -> txn("{\"success\":[" + open.repeat(5000) + close.repeat(5000) + "]}"));
        assertTrue(tooDeep.getMessage().contains("nesting depth"), tooDeep.getMessage());
    }

    @Test
    void lowerCamelNames() {
        assertEquals("rangeEnd", MessageFields.lowerCamel("range_end"));
        assertEquals("minCreateRevision", MessageFields.lowerCamel("min_create_revision"));
        assertEquals("key", MessageFields.lowerCamel("key"));
        assertTrue(MessageFields.of("range_end").lookup("rangeEnd") == 1);
        assertTrue(MessageFields.of("range_end").lookup("RangeEnd") < 0);
    }
}
