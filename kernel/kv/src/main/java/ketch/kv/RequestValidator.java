package ketch.kv;

import java.util.List;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;

/**
 * The checks etcd makes on a request before proposing it (v3rpc's checkXxxRequest): they need no
 * state. The node should call them before proposing; {@link KvStateMachine#apply} repeats them so a
 * bad command from any source still changes nothing.
 */
public final class RequestValidator {
    private RequestValidator() {}

    /** Throws the KvException etcd would answer for a malformed command. */
    public static void check(KvCommand command, Limits limits) {
        switch (command) {
            case KvCommand.Put p -> checkPut(p.request());
            case KvCommand.DeleteRange d -> checkDeleteRange(d.request());
            case KvCommand.Txn t -> checkTxn(t.request(), limits.maxTxnOps());
            case KvCommand.Compact c -> { }
            case KvCommand.LeaseGrant g -> { }
            case KvCommand.LeaseRevoke r -> { }
            case KvCommand.LeaseCheckpoint c -> { }
            case KvCommand.MemberPublish m -> { }
            case KvCommand.MemberUpdate m -> { }
            case KvCommand.Alarm a -> checkAlarm(a);
        }
    }

    /**
     * etcd 3.4 stores an alarm under the encoding of (member, type): with both zero that key is
     * empty and the server crashes on it; Ketch refuses the request instead.
     */
    public static void checkAlarm(KvCommand.Alarm a) {
        if (a.activate() && a.alarm().memberId() == 0 && a.alarm().alarm() == ketch.api.kv.AlarmType.NONE) {
            throw invalidAlarm();
        }
    }

    public static KvException invalidAlarm() {
        return new KvException(ketch.api.kv.StatusCode.INVALID_ARGUMENT,
                "etcdserver: alarm activation needs a memberID or an alarm type (NOSPACE or CORRUPT)");
    }

    /** etcd's --max-request-bytes check on the encoded command, made before proposing (never at apply). */
    public static void checkSize(int encodedBytes, Limits limits) {
        if (encodedBytes > limits.maxRequestBytes()) throw KvException.requestTooLarge();
    }

    public static void checkRange(RangeRequest r) {
        if (r.key().isEmpty()) throw KvException.keyNotProvided();
    }

    public static void checkPut(PutRequest r) {
        if (r.key().isEmpty()) throw KvException.keyNotProvided();
        if (r.ignoreValue() && !r.value().isEmpty()) throw KvException.valueProvided();
        if (r.ignoreLease() && r.lease() != 0) throw KvException.leaseProvided();
    }

    public static void checkDeleteRange(DeleteRangeRequest r) {
        if (r.key().isEmpty()) throw KvException.keyNotProvided();
    }

    /** Op counts, every nested request, then etcd's duplicate-key rule on both branches. */
    public static void checkTxn(TxnRequest r, int maxTxnOps) {
        checkTxnShape(r, maxTxnOps);
        DuplicateKeyCheck.check(r.success());
        DuplicateKeyCheck.check(r.failure());
    }

    private static void checkTxnShape(TxnRequest r, int maxTxnOps) {
        int ops = Math.max(r.compare().size(), Math.max(r.success().size(), r.failure().size()));
        if (ops > maxTxnOps) throw KvException.tooManyOps();
        for (Compare c : r.compare()) {
            if (c.key().isEmpty()) throw KvException.keyNotProvided();
        }
        // etcd gives a nested txn what is left of the budget after this level's widest list.
        checkOps(r.success(), maxTxnOps - ops);
        checkOps(r.failure(), maxTxnOps - ops);
    }

    private static void checkOps(List<RequestOp> ops, int nestedBudget) {
        for (RequestOp op : ops) {
            switch (op) {
                case RequestOp.Range g -> checkRange(g.request());
                case RequestOp.Put p -> checkPut(p.request());
                case RequestOp.DeleteRange d -> checkDeleteRange(d.request());
                case RequestOp.Txn t -> checkTxnShape(t.request(), nestedBudget);
            }
        }
    }
}
