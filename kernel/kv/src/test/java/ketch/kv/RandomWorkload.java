package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;

/**
 * A seeded stream of plausible commands over a small key space (so keys collide, get deleted and
 * recreated), with leases and occasional compactions; some commands are invalid on purpose.
 */
final class RandomWorkload {
    private final Random random;

    RandomWorkload(long seed) {
        random = new Random(seed);
    }

    Bytes key() {
        return Bytes.of("k" + random.nextInt(12));
    }

    /** A command that may depend on {@code kv}'s current revision (compaction targets). */
    KvCommand next(KvStateMachine kv) {
        int pick = random.nextInt(100);
        if (pick < 40) return new KvCommand.Put(put());
        if (pick < 55) return new KvCommand.DeleteRange(delete());
        if (pick < 80) return new KvCommand.Txn(txn(0));
        if (pick < 85) {
            long low = Math.max(0, kv.compactRevision());
            long target = low + random.nextLong(Math.max(1, kv.revision() - low + 2)); // sometimes future, sometimes compacted
            return new KvCommand.Compact(new CompactionRequest(target, false));
        }
        if (pick < 92) return new KvCommand.LeaseGrant(1 + random.nextInt(4), 10 + random.nextInt(50));
        if (pick < 97) return new KvCommand.LeaseRevoke(1 + random.nextInt(4));
        return new KvCommand.LeaseCheckpoint(1 + random.nextInt(4), random.nextInt(60));
    }

    PutRequest put() {
        long lease = random.nextInt(5) == 0 ? 1 + random.nextInt(4) : 0;
        boolean ignoreValue = random.nextInt(15) == 0;
        boolean ignoreLease = lease == 0 && random.nextInt(15) == 0;
        Bytes value = ignoreValue ? Bytes.EMPTY : Bytes.of("v" + random.nextInt(1000));
        return new PutRequest(key(), value, lease, random.nextBoolean(), ignoreValue, ignoreLease);
    }

    DeleteRangeRequest delete() {
        Bytes k = key();
        Bytes end = switch (random.nextInt(3)) {
            case 0 -> Bytes.EMPTY;
            case 1 -> key();
            default -> k.prefixEnd();
        };
        return new DeleteRangeRequest(k, end, random.nextBoolean());
    }

    RangeRequest range() {
        Bytes k = key();
        Bytes end = random.nextBoolean() ? Bytes.EMPTY : key();
        return new RangeRequest(k, end, random.nextInt(3), 0, ketch.api.kv.SortOrder.values()[random.nextInt(3)],
                ketch.api.kv.SortTarget.values()[random.nextInt(5)], false, random.nextBoolean(), random.nextInt(5) == 0, 0, 0, 0, 0);
    }

    TxnRequest txn(int depth) {
        List<Compare> compares = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            Compare.Target target = Compare.Target.values()[random.nextInt(5)];
            compares.add(new Compare(Compare.Result.values()[random.nextInt(4)], target, key(),
                    random.nextInt(4) == 0 ? key() : Bytes.EMPTY, random.nextInt(6), Bytes.of("v" + random.nextInt(1000))));
        }
        return new TxnRequest(compares, ops(depth), ops(depth));
    }

    private List<RequestOp> ops(int depth) {
        List<RequestOp> ops = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            ops.add(switch (random.nextInt(depth < 2 ? 4 : 3)) {
                case 0 -> new RequestOp.Range(range());
                case 1 -> new RequestOp.Put(put());
                case 2 -> new RequestOp.DeleteRange(delete());
                default -> new RequestOp.Txn(txn(depth + 1));
            });
        }
        return ops;
    }
}
