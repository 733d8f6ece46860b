package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.ResponseOp;
import ketch.api.kv.TxnResponse;
import org.junit.jupiter.api.Test;

/**
 * Random txn responses (which hold every other response) are encoded and read back by a reader
 * written from etcd's rules, not from the encoder: absent means zero, int64 and uint64 are strings,
 * bytes are base64. Seeded; the seed and case are in the failure message.
 */
class ResponseRoundTripTest {
    private static final long SEED = 7L;
    private final Random random = new Random(SEED);

    @Test
    void randomResponsesReadBackEqual() throws IOException {
        for (int i = 0; i < 2000; i++) {
            TxnResponse response = txn(2);
            byte[] json = KvResponseEncoder.txn(response);
            try (JsonParser p = GatewayJson.FACTORY.createParser(json)) {
                p.nextToken();
                assertEquals(response, readTxn(p), "seed " + SEED + " case " + i + ": " + new String(json));
            }
        }
    }

    // ---- random responses

    private long number() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextLong(); // negative ones too: uint64 ids above 2^63
            case 2 -> Long.MIN_VALUE;
            default -> random.nextInt(100);
        };
    }

    private Bytes bytes() {
        byte[] b = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(20)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private ResponseHeader header() {
        return new ResponseHeader(number(), number(), number(), number());
    }

    private List<KeyValue> kvs() {
        List<KeyValue> kvs = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            kvs.add(new KeyValue(bytes(), number(), number(), number(), bytes(), number()));
        }
        return kvs;
    }

    private TxnResponse txn(int depth) {
        List<ResponseOp> ops = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            ops.add(switch (random.nextInt(depth > 0 ? 4 : 3)) {
                case 0 -> new ResponseOp.Range(new RangeResponse(header(), kvs(), random.nextBoolean(), number()));
                case 1 -> new ResponseOp.Put(new PutResponse(header(), random.nextBoolean()
                        ? Optional.of(new KeyValue(bytes(), number(), number(), number(), bytes(), number()))
                        : Optional.empty()));
                case 2 -> new ResponseOp.DeleteRange(new DeleteRangeResponse(header(), number(), kvs()));
                default -> new ResponseOp.Txn(txn(depth - 1));
            });
        }
        return new TxnResponse(header(), random.nextBoolean(), ops);
    }

    // ---- reading them back: a parser positioned on START_OBJECT, fields in any order

    private TxnResponse readTxn(JsonParser p) throws IOException {
        ResponseHeader header = null;
        boolean succeeded = false;
        List<ResponseOp> ops = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "header" -> header = readHeader(p);
                case "succeeded" -> succeeded = p.getBooleanValue();
                case "responses" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        p.nextToken();
                        String kind = p.currentName();
                        p.nextToken();
                        ops.add(switch (kind) {
                            case "response_range" -> new ResponseOp.Range(readRange(p));
                            case "response_put" -> new ResponseOp.Put(readPut(p));
                            case "response_delete_range" -> new ResponseOp.DeleteRange(readDelete(p));
                            case "response_txn" -> new ResponseOp.Txn(readTxn(p));
                            default -> throw new AssertionError("unexpected " + kind);
                        });
                        assertEquals(JsonToken.END_OBJECT, p.nextToken());
                    }
                }
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new TxnResponse(header, succeeded, ops);
    }

    private RangeResponse readRange(JsonParser p) throws IOException {
        ResponseHeader header = null;
        List<KeyValue> kvs = List.of();
        boolean more = false;
        long count = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "header" -> header = readHeader(p);
                case "kvs" -> kvs = readKvs(p);
                case "more" -> more = p.getBooleanValue();
                case "count" -> count = Long.parseLong(p.getText());
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new RangeResponse(header, kvs, more, count);
    }

    private PutResponse readPut(JsonParser p) throws IOException {
        ResponseHeader header = null;
        Optional<KeyValue> prev = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "header" -> header = readHeader(p);
                case "prev_kv" -> prev = Optional.of(readKv(p));
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new PutResponse(header, prev);
    }

    private DeleteRangeResponse readDelete(JsonParser p) throws IOException {
        ResponseHeader header = null;
        long deleted = 0;
        List<KeyValue> prev = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "header" -> header = readHeader(p);
                case "deleted" -> deleted = Long.parseLong(p.getText());
                case "prev_kvs" -> prev = readKvs(p);
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new DeleteRangeResponse(header, deleted, prev);
    }

    private ResponseHeader readHeader(JsonParser p) throws IOException {
        long cluster = 0;
        long member = 0;
        long revision = 0;
        long term = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            assertEquals(JsonToken.VALUE_STRING, p.currentToken(), name + " must be a string");
            switch (name) {
                case "cluster_id" -> cluster = Long.parseUnsignedLong(p.getText());
                case "member_id" -> member = Long.parseUnsignedLong(p.getText());
                case "revision" -> revision = Long.parseLong(p.getText());
                case "raft_term" -> term = Long.parseUnsignedLong(p.getText());
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new ResponseHeader(cluster, member, revision, term);
    }

    private List<KeyValue> readKvs(JsonParser p) throws IOException {
        List<KeyValue> kvs = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            kvs.add(readKv(p));
        }
        return kvs;
    }

    private KeyValue readKv(JsonParser p) throws IOException {
        Bytes key = Bytes.EMPTY;
        Bytes value = Bytes.EMPTY;
        long[] numbers = new long[4];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "key" -> key = Bytes.wrap(Base64.getDecoder().decode(p.getText()));
                case "value" -> value = Bytes.wrap(Base64.getDecoder().decode(p.getText()));
                case "create_revision" -> numbers[0] = Long.parseLong(p.getText());
                case "mod_revision" -> numbers[1] = Long.parseLong(p.getText());
                case "version" -> numbers[2] = Long.parseLong(p.getText());
                case "lease" -> numbers[3] = Long.parseLong(p.getText());
                default -> throw new AssertionError("unexpected field " + name);
            }
        }
        return new KeyValue(key, numbers[0], numbers[1], numbers[2], value, numbers[3]);
    }
}
