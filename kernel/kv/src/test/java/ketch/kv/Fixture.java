package ketch.kv;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.CompactionResponse;
import ketch.api.kv.Compare;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.DeleteRangeResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.PutResponse;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;

/** A state machine plus shorthands: each write is applied at the next raft index, term 2. */
final class Fixture {
    static final long CLUSTER = Long.parseUnsignedLong("14078308873868676688");
    static final long MEMBER = Long.parseUnsignedLong("15596371155666589935");
    static final long TERM = 2;

    final KvStateMachine kv;
    long index;

    Fixture() {
        this(new KvStateMachine(CLUSTER, MEMBER));
    }

    Fixture(KvStateMachine kv) {
        this.kv = kv;
        this.index = kv.appliedIndex();
    }

    static Bytes b(String s) {
        return Bytes.of(s);
    }

    static final ketch.api.kv.ResponseHeader HEADERLESS = new ketch.api.kv.ResponseHeader(0, 0, 0, 0);

    static final Bytes ALL = Bytes.copyOf(new byte[] {0});

    ApplyResult apply(KvCommand c) {
        return kv.apply(++index, TERM, c);
    }

    PutResponse put(String k, String v) {
        return put(PutRequest.of(b(k), b(v)));
    }

    PutResponse put(PutRequest p) {
        return apply(new KvCommand.Put(p)).responseAs(PutResponse.class);
    }

    DeleteRangeResponse delete(String k) {
        return delete(new DeleteRangeRequest(b(k), Bytes.EMPTY, true));
    }

    DeleteRangeResponse delete(DeleteRangeRequest d) {
        return apply(new KvCommand.DeleteRange(d)).responseAs(DeleteRangeResponse.class);
    }

    TxnResponse txn(TxnRequest t) {
        return apply(new KvCommand.Txn(t)).responseAs(TxnResponse.class);
    }

    CompactionResponse compact(long rev) {
        return apply(new KvCommand.Compact(new CompactionRequest(rev, false))).responseAs(CompactionResponse.class);
    }

    KvException failure(KvCommand c) {
        ApplyResult r = apply(c);
        if (r instanceof ApplyResult.Failure f) return f.error();
        throw new AssertionError("expected a failure, got " + r);
    }

    /** A comparable view of a result: KvException has no equals, so a failure becomes "CODE: message". */
    static Object outcome(ApplyResult r) {
        return switch (r) {
            case ApplyResult.Success s -> s;
            case ApplyResult.Failure x -> x.error().code() + ": " + x.error().getMessage();
        };
    }

    RangeResponse range(RangeRequest r) {
        return kv.range(r, TERM);
    }

    RangeResponse get(String k) {
        return range(RangeRequest.ofKey(b(k)));
    }

    RangeResponse prefix(String p) {
        return range(RangeRequest.ofKey(b(p)).withRangeEnd(b(p).prefixEnd()));
    }

    static RangeRequest rangeReq(Bytes key, Bytes end) {
        return new RangeRequest(key, end, 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, false, 0, 0, 0, 0);
    }

    static RangeRequest withRevision(RangeRequest r, long revision) {
        return new RangeRequest(r.key(), r.rangeEnd(), r.limit(), revision, r.sortOrder(), r.sortTarget(), r.serializable(),
                r.keysOnly(), r.countOnly(), r.minModRevision(), r.maxModRevision(), r.minCreateRevision(), r.maxCreateRevision());
    }

    static List<String> keys(RangeResponse r) {
        return r.kvs().stream().map(kv -> kv.key().toStringUtf8()).toList();
    }

    static KeyValue kv(String k, long create, long mod, long version, String v) {
        return new KeyValue(b(k), create, mod, version, b(v), 0);
    }

    static RequestOp putOp(String k, String v) {
        return new RequestOp.Put(PutRequest.of(b(k), b(v)));
    }

    static RequestOp getOp(String k) {
        return new RequestOp.Range(RangeRequest.ofKey(b(k)));
    }

    static RequestOp deleteOp(String k, String end) {
        return new RequestOp.DeleteRange(new DeleteRangeRequest(b(k), b(end), false));
    }

    static Compare compare(Compare.Target target, String key, Compare.Result result, long number) {
        return new Compare(result, target, b(key), Bytes.EMPTY, number, Bytes.EMPTY);
    }

    static Compare compareValue(String key, Compare.Result result, String value) {
        return new Compare(result, Compare.Target.VALUE, b(key), Bytes.EMPTY, 0, b(value));
    }
}
