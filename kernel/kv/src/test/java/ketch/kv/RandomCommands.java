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
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;

/** Seeded random commands over every field, for codec round trips and fuzzing. */
final class RandomCommands {
    private final Random random;

    RandomCommands(long seed) {
        random = new Random(seed);
    }

    KvCommand next() {
        return switch (random.nextInt(8)) {
            case 0 -> new KvCommand.Put(put());
            case 1 -> new KvCommand.DeleteRange(delete());
            case 2 -> new KvCommand.Txn(txn(0));
            case 3 -> new KvCommand.Compact(new CompactionRequest(anyLong(), random.nextBoolean()));
            case 4 -> new KvCommand.LeaseGrant(anyLong(), anyLong());
            case 5 -> new KvCommand.LeaseRevoke(anyLong());
            case 6 -> new KvCommand.LeaseCheckpoint(anyLong(), anyLong());
            default -> new KvCommand.Alarm(random.nextBoolean(), new ketch.api.kv.AlarmMember(anyLong(),
                    ketch.api.kv.AlarmType.values()[random.nextInt(3)]));
        };
    }

    private long anyLong() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(200);
            case 2 -> -1 - random.nextInt(5);
            default -> random.nextLong();
        };
    }

    private Bytes bytes() {
        byte[] b = new byte[random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(6)];
        random.nextBytes(b);
        return Bytes.wrap(b);
    }

    private PutRequest put() {
        return new PutRequest(bytes(), bytes(), anyLong(), random.nextBoolean(), random.nextBoolean(), random.nextBoolean());
    }

    private DeleteRangeRequest delete() {
        return new DeleteRangeRequest(bytes(), bytes(), random.nextBoolean());
    }

    private RangeRequest range() {
        return new RangeRequest(bytes(), bytes(), anyLong(), anyLong(), SortOrder.values()[random.nextInt(3)],
                SortTarget.values()[random.nextInt(5)], random.nextBoolean(), random.nextBoolean(), random.nextBoolean(),
                anyLong(), anyLong(), anyLong(), anyLong());
    }

    private TxnRequest txn(int depth) {
        List<Compare> compares = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            compares.add(new Compare(Compare.Result.values()[random.nextInt(4)], Compare.Target.values()[random.nextInt(5)],
                    bytes(), bytes(), anyLong(), bytes()));
        }
        return new TxnRequest(compares, ops(depth), ops(depth));
    }

    private List<RequestOp> ops(int depth) {
        List<RequestOp> ops = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            ops.add(switch (random.nextInt(depth < 3 ? 4 : 3)) {
                case 0 -> new RequestOp.Range(range());
                case 1 -> new RequestOp.Put(put());
                case 2 -> new RequestOp.DeleteRange(delete());
                default -> new RequestOp.Txn(txn(depth + 1));
            });
        }
        return ops;
    }
}
