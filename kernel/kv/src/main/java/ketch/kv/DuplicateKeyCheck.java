package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.kv.RequestOp;
import ketch.kv.mvcc.KeyRange;

/**
 * etcd's rule that one txn branch (nested txns included) writes each key at most once: a put may
 * not repeat a put's key nor fall in a delete's range. Deletes may overlap each other, and the two
 * branches of one nested txn may put the same key because only one of them runs.
 */
final class DuplicateKeyCheck {
    private DuplicateKeyCheck() {}

    private record Writes(Set<Bytes> puts, List<KeyRange> deletes) {}

    static void check(List<RequestOp> ops) {
        collect(ops);
    }

    private static Writes collect(List<RequestOp> ops) {
        List<KeyRange> deletes = new ArrayList<>();
        for (RequestOp op : ops) {
            if (op instanceof RequestOp.DeleteRange d) deletes.add(new KeyRange(d.request().key(), d.request().rangeEnd()));
        }
        Set<Bytes> puts = new TreeSet<>();
        for (RequestOp op : ops) {
            if (!(op instanceof RequestOp.Txn t)) continue;
            Writes then = collect(t.request().success());
            Writes otherwise = collect(t.request().failure());
            for (Bytes k : then.puts()) {
                if (puts.contains(k) || deleted(deletes, k)) throw KvException.duplicateKey();
                puts.add(k);
            }
            for (Bytes k : otherwise.puts()) {
                if ((puts.contains(k) && !then.puts().contains(k)) || deleted(deletes, k)) throw KvException.duplicateKey();
                puts.add(k);
            }
            deletes.addAll(then.deletes());
            deletes.addAll(otherwise.deletes());
        }
        for (RequestOp op : ops) {
            if (!(op instanceof RequestOp.Put p)) continue;
            Bytes k = p.request().key();
            if (puts.contains(k) || deleted(deletes, k)) throw KvException.duplicateKey();
            puts.add(k);
        }
        return new Writes(puts, deletes);
    }

    // A from-key delete ("\0" end) covers every later key here; etcd 3.4 compares the "\0" literally
    // and lets such a put through, which can make its apply panic, so this is deliberately stricter.
    private static boolean deleted(List<KeyRange> deletes, Bytes key) {
        for (KeyRange r : deletes) {
            if (r.contains(key)) return true;
        }
        return false;
    }
}
