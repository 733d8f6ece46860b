package ketch.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random writes and reads against {@link ReferenceModel}: after every write the events (or the
 * error) must match, and reads at random revisions must return the same rows, count and more.
 */
class ModelTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261124})
    void stateMachineMatchesTheModel(long seed) {
        Random random = new Random(seed);
        Fixture f = new Fixture();
        ReferenceModel model = new ReferenceModel();
        int compactions = 0;
        for (int step = 0; step < 600; step++) {
            KvCommand c = write(random, f.kv);
            if (c instanceof KvCommand.Compact) compactions++;
            Object expected = model.apply(c);
            ApplyResult actual = f.apply(c);
            String where = "seed " + seed + " step " + step + " " + c;
            if (expected instanceof String error) {
                assertEquals(error, ((ApplyResult.Failure) actual).error().getMessage(), where);
            } else {
                assertEquals(expected, actual.events(), where);
            }
            assertEquals(model.revision(), f.kv.revision(), where);
            for (int i = 0; i < 3; i++) {
                RangeRequest r = read(random, f.kv.revision());
                Object want = model.range(r);
                Object got;
                try {
                    RangeResponse resp = f.range(r);
                    got = new RangeResponse(Fixture.HEADERLESS, resp.kvs(), resp.more(), resp.count());
                } catch (KvException e) {
                    got = e.getMessage();
                }
                assertEquals(want, got, where + " then " + r);
            }
        }
        assertTrue(compactions > 10, "the run compacted: " + compactions);
        assertTrue(f.kv.revision() > 200, "the run wrote: revision " + f.kv.revision());
    }

    private static Bytes key(Random random) {
        return Bytes.of("k" + random.nextInt(10));
    }

    private static Bytes end(Random random, Bytes key) {
        return switch (random.nextInt(4)) {
            case 0 -> Bytes.EMPTY;
            case 1 -> Bytes.copyOf(new byte[] {0});
            case 2 -> key.prefixEnd();
            default -> Bytes.of("k" + random.nextInt(10));
        };
    }

    private static KvCommand write(Random random, KvStateMachine kv) {
        int pick = random.nextInt(20);
        if (pick < 8) return new KvCommand.Put(new PutRequest(key(random), value(random), 0, random.nextBoolean(), false, false));
        if (pick < 11) {
            Bytes k = key(random);
            return new KvCommand.DeleteRange(new DeleteRangeRequest(k, end(random, k), random.nextBoolean()));
        }
        if (pick < 18) {
            List<Bytes> pool = new ArrayList<>();
            for (int i = 0; i < 10; i++) pool.add(Bytes.of("k" + i));
            Collections.shuffle(pool, random);
            return new KvCommand.Txn(txn(random, pool, 0));
        }
        long low = Math.max(0, kv.compactRevision());
        return new KvCommand.Compact(new CompactionRequest(low + random.nextLong(kv.revision() - low + 2), false));
    }

    private static Bytes value(Random random) {
        return Bytes.of("v" + random.nextInt(20));
    }

    /** Every write in the tree takes a distinct key from {@code pool}, so no duplicate-key rejection. */
    private static TxnRequest txn(Random random, List<Bytes> pool, int depth) {
        List<Compare> compares = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            Bytes k = key(random);
            Bytes end = random.nextInt(3) == 0 ? end(random, k) : Bytes.EMPTY;
            compares.add(new Compare(Compare.Result.values()[random.nextInt(4)], Compare.Target.values()[random.nextInt(5)], k, end,
                    random.nextInt(8), value(random)));
        }
        return new TxnRequest(compares, ops(random, pool, depth), ops(random, pool, depth));
    }

    private static List<RequestOp> ops(Random random, List<Bytes> pool, int depth) {
        List<RequestOp> ops = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            int kind = random.nextInt(depth < 2 ? 4 : 3);
            if (kind == 0 || pool.isEmpty()) {
                ops.add(new RequestOp.Range(RangeRequest.ofKey(key(random))));
            } else if (kind == 1) {
                ops.add(new RequestOp.Put(new PutRequest(pool.removeLast(), value(random), 0, random.nextBoolean(), false, false)));
            } else if (kind == 2) {
                ops.add(new RequestOp.DeleteRange(new DeleteRangeRequest(pool.removeLast(), Bytes.EMPTY, random.nextBoolean())));
            } else {
                ops.add(new RequestOp.Txn(txn(random, pool, depth + 1)));
            }
        }
        return ops;
    }

    private static RangeRequest read(Random random, long revision) {
        Bytes k = random.nextInt(5) == 0 ? Bytes.copyOf(new byte[] {0}) : key(random);
        SortOrder order = SortOrder.values()[random.nextInt(3)];
        SortTarget target = order == SortOrder.NONE ? SortTarget.KEY : SortTarget.values()[random.nextInt(5)];
        long rev = random.nextInt(3) == 0 ? 0 : random.nextLong(revision + 2);
        return new RangeRequest(k, end(random, k), random.nextInt(4), rev, order, target, false, random.nextBoolean(),
                random.nextInt(6) == 0, 0, 0, 0, 0);
    }
}
