package ketch.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.ResponseOp;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import ketch.kv.lease.LeaseTable;
import ketch.kv.mvcc.KeyRange;
import ketch.kv.mvcc.MvccStore;
import ketch.kv.mvcc.WriteTxn;

/**
 * Puts, deletes and txns as etcd's applier does them. Every compare (nested ones too) is evaluated
 * on the state before the txn, and every state check of the chosen branches runs before the first
 * write, so a failing txn changes nothing.
 */
final class TxnApplier {
    private static final ResponseHeader EMPTY_HEADER = new ResponseHeader(0, 0, 0, 0);

    private final MvccStore store;
    private final LeaseTable leases;

    TxnApplier(MvccStore store, LeaseTable leases) {
        this.store = store;
        this.leases = leases;
    }

    /** Which branch each txn takes: this one, then the nested txns of that branch in order. */
    record Decision(boolean succeeded, List<Decision> nested) {}

    Decision decide(TxnRequest r) {
        boolean ok = true;
        for (Compare c : r.compare()) {
            if (!holds(c)) {
                ok = false;
                break;
            }
        }
        List<Decision> nested = new ArrayList<>();
        for (RequestOp op : ok ? r.success() : r.failure()) {
            if (op instanceof RequestOp.Txn t) nested.add(decide(t.request()));
        }
        return new Decision(ok, nested);
    }

    /**
     * The state checks of the chosen branches, as etcd orders them: every put (lease exists, the
     * key exists if ignore_* asks), then every range's revision.
     */
    void checkChosen(TxnRequest r, Decision d) {
        forChosen(r, d, op -> {
            if (op instanceof RequestOp.Put p) checkTxnPut(p.request());
        });
        forChosen(r, d, op -> {
            if (op instanceof RequestOp.Range g) checkTxnRange(g.request());
        });
    }

    private static void forChosen(TxnRequest r, Decision d, java.util.function.Consumer<RequestOp> check) {
        int nested = 0;
        for (RequestOp op : d.succeeded() ? r.success() : r.failure()) {
            if (op instanceof RequestOp.Txn t) {
                forChosen(t.request(), d.nested().get(nested++), check);
            } else {
                check.accept(op);
            }
        }
    }

    /** A plain put's state checks, in etcd's order: the lease exists, then the key if ignore_* asks. */
    void checkPut(PutRequest p) {
        checkLease(p);
        checkIgnoredKeyExists(p);
    }

    /** Inside a txn etcd checks the same two things the other way round. */
    private void checkTxnPut(PutRequest p) {
        checkIgnoredKeyExists(p);
        checkLease(p);
    }

    private void checkLease(PutRequest p) {
        if (p.lease() != 0 && !leases.exists(p.lease())) throw KvException.leaseNotFound();
    }

    private void checkIgnoredKeyExists(PutRequest p) {
        if ((p.ignoreValue() || p.ignoreLease()) && store.get(p.key(), store.revision()).isEmpty()) {
            throw KvException.keyNotFound();
        }
    }

    private void checkTxnRange(RangeRequest g) {
        if (g.revision() == 0) return;
        if (g.revision() > store.revision()) throw KvException.futureRevision();
        if (g.revision() < store.compactRevision()) throw KvException.compacted();
    }

    /** Runs the chosen branch; sub-responses carry a header with only the revision (nested txns: none). */
    TxnResponse execute(TxnRequest r, Decision d, WriteTxn w) {
        List<ResponseOp> responses = new ArrayList<>();
        int nested = 0;
        for (RequestOp op : d.succeeded() ? r.success() : r.failure()) {
            responses.add(switch (op) {
                case RequestOp.Range g -> new ResponseOp.Range(RangeQuery.run(store, g.request(), w.readRevision(), revisionOnly(w.readRevision())));
                case RequestOp.Put p -> new ResponseOp.Put(put(p.request(), w, 0, 0, 0));
                case RequestOp.DeleteRange x -> new ResponseOp.DeleteRange(delete(x.request(), w, 0, 0, 0));
                case RequestOp.Txn t -> new ResponseOp.Txn(execute(t.request(), d.nested().get(nested++), w));
            });
        }
        return new TxnResponse(EMPTY_HEADER, d.succeeded(), responses);
    }

    PutResponse put(PutRequest p, WriteTxn w, long clusterId, long memberId, long raftTerm) {
        Bytes value = p.value();
        long lease = p.lease();
        if (p.ignoreValue() || p.ignoreLease()) {
            KeyValue existing = w.get(p.key()).orElseThrow(KvException::keyNotFound); // checked before any write
            if (p.ignoreValue()) value = existing.value();
            if (p.ignoreLease()) lease = existing.lease();
        }
        Optional<KeyValue> prev = w.put(p.key(), value, lease);
        return new PutResponse(new ResponseHeader(clusterId, memberId, w.writeRevision(), raftTerm),
                p.prevKv() ? prev : Optional.empty());
    }

    DeleteRangeResponse delete(DeleteRangeRequest d, WriteTxn w, long clusterId, long memberId, long raftTerm) {
        List<KeyValue> deleted = w.deleteRange(new KeyRange(d.key(), d.rangeEnd()));
        return new DeleteRangeResponse(new ResponseHeader(clusterId, memberId, w.readRevision(), raftTerm),
                deleted.size(), d.prevKv() ? deleted : List.of());
    }

    private static ResponseHeader revisionOnly(long revision) {
        return new ResponseHeader(0, 0, revision, 0);
    }

    /** etcd's applyCompare: over a range it must hold for every key; a missing key compares as zeros, except VALUE never holds. */
    private boolean holds(Compare c) {
        List<KeyValue> kvs = store.range(new KeyRange(c.key(), c.rangeEnd()), store.revision(), 0);
        if (kvs.isEmpty()) {
            return c.target() != Compare.Target.VALUE && compare(c, new KeyValue(c.key(), 0, 0, 0, Bytes.EMPTY, 0));
        }
        for (KeyValue kv : kvs) {
            if (!compare(c, kv)) return false;
        }
        return true;
    }

    private static boolean compare(Compare c, KeyValue kv) {
        int result = switch (c.target()) {
            case VALUE -> Integer.signum(kv.value().compareTo(c.value()));
            case VERSION -> Long.compare(kv.version(), c.number());
            case CREATE -> Long.compare(kv.createRevision(), c.number());
            case MOD -> Long.compare(kv.modRevision(), c.number());
            case LEASE -> Long.compare(kv.lease(), c.number());
        };
        return switch (c.result()) {
            case EQUAL -> result == 0;
            case NOT_EQUAL -> result != 0;
            case GREATER -> result > 0;
            case LESS -> result < 0;
        };
    }
}
