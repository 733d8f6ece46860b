package ketch.kv;

import ketch.api.kv.AlarmType;
import ketch.api.kv.KvException;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;

/**
 * What etcd's appliers refuse while an alarm is raised. CORRUPT (applierV3Corrupt): every change
 * except alarms (a txn of ranges only is a read, which etcd serves without its applier). NOSPACE (applierV3Capped): writes that cost space — puts, txns whose top level
 * holds a put (etcd's quota cost ignores nested txns) and lease grants; reads, deletes,
 * compaction, lease revoke, keep-alive and alarms still apply, so space can be freed.
 */
final class AlarmGuard {
    private AlarmGuard() {}

    static void check(KvCommand command, AlarmTable alarms) {
        // membership commands are cluster state, not keyspace writes: etcd applies them under any alarm
        if (command instanceof KvCommand.Alarm || command instanceof KvCommand.LeaseCheckpoint
                || command instanceof KvCommand.MemberPublish || command instanceof KvCommand.MemberUpdate) return;
        if (alarms.isRaised(AlarmType.CORRUPT) && !readOnly(command)) throw KvException.corrupt();
        if (alarms.isRaised(AlarmType.NOSPACE) && costsSpace(command)) throw KvException.noSpace();
    }

    /** The commands etcd's quota charges for. */
    static boolean costsSpace(KvCommand command) {
        return switch (command) {
            case KvCommand.Put p -> true;
            case KvCommand.Txn t -> hasTopLevelPut(t.request());
            case KvCommand.LeaseGrant g -> true;
            default -> false;
        };
    }

    /** etcd's isTxnReadonly: every top-level op is a range (a nested txn counts as a write). */
    private static boolean readOnly(KvCommand command) {
        if (!(command instanceof KvCommand.Txn t)) return false;
        for (RequestOp op : t.request().success()) {
            if (!(op instanceof RequestOp.Range)) return false;
        }
        for (RequestOp op : t.request().failure()) {
            if (!(op instanceof RequestOp.Range)) return false;
        }
        return true;
    }

    private static boolean hasTopLevelPut(TxnRequest r) {
        for (RequestOp op : r.success()) {
            if (op instanceof RequestOp.Put) return true;
        }
        for (RequestOp op : r.failure()) {
            if (op instanceof RequestOp.Put) return true;
        }
        return false;
    }
}
