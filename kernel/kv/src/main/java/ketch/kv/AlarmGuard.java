package ketch.kv;

import ketch.api.kv.AlarmType;
import ketch.api.kv.KvException;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;

/**
 * What etcd's appliers refuse while an alarm is raised. CORRUPT (applierV3Corrupt): every change
 * except alarms. NOSPACE (applierV3Capped): writes that cost space — puts, txns whose top level
 * holds a put (etcd's quota cost ignores nested txns) and lease grants; reads, deletes,
 * compaction, lease revoke, keep-alive and alarms still apply, so space can be freed.
 */
final class AlarmGuard {
    private AlarmGuard() {}

    static void check(KvCommand command, AlarmTable alarms) {
        if (command instanceof KvCommand.Alarm || command instanceof KvCommand.LeaseCheckpoint) return;
        if (alarms.isRaised(AlarmType.CORRUPT)) throw KvException.corrupt();
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
