package ketch.kv;

import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.Event;
import static ketch.kv.Fixture.ALL;
import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.compare;
import static ketch.kv.Fixture.compareValue;
import static ketch.kv.Fixture.getOp;
import static ketch.kv.Fixture.keys;
import static ketch.kv.Fixture.kv;
import static ketch.kv.Fixture.putOp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.Compare;
import ketch.api.kv.Compare.Result;
import ketch.api.kv.Compare.Target;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.ResponseOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;
import ketch.api.kv.TxnResponse;
import org.junit.jupiter.api.Test;

/**
 * The captured etcd 3.4.23 exchanges of etcd-api.md §1.4, replayed in order at the state-machine
 * level: same revisions, counts, values and errors. Writes the capture made but did not show
 * (foo1/foo2 before the range, two puts before the compaction, the lease section) are filled in
 * so the later captured revisions line up; the watch events at 15..17 then match exactly.
 */
class CapturedExchangesTest {
    private final Fixture f = new Fixture();

    private static RangeRequest prefixFoo(long limit, SortOrder order, boolean keysOnly, boolean countOnly) {
        return new RangeRequest(b("foo"), b("fop"), limit, 0, order, SortTarget.KEY, false, keysOnly, countOnly, 0, 0, 0, 0);
    }

    @Test
    void theCapturedSession() {
        // put
        var first = f.put("foo", "bar");
        assertEquals(new ResponseHeader(Fixture.CLUSTER, Fixture.MEMBER, 2, 2), first.header());
        var second = f.put(new PutRequest(b("foo"), b("bar2"), 0, true, false, false));
        assertEquals(3, second.header().revision());
        assertEquals(Optional.of(kv("foo", 2, 2, 1, "bar")), second.prevKv());
        f.put("foo1", "v1"); // 4
        f.put("foo2", "v2"); // 5

        // range with prefix, limit, sort, count_only, keys_only, all, missing key
        var prefix = f.range(prefixFoo(0, SortOrder.NONE, false, false));
        assertEquals(5, prefix.header().revision());
        assertEquals(List.of(kv("foo", 2, 3, 2, "bar2"), kv("foo1", 4, 4, 1, "v1"), kv("foo2", 5, 5, 1, "v2")), prefix.kvs());
        assertEquals(3, prefix.count());
        var limited = f.range(prefixFoo(2, SortOrder.DESCEND, false, false));
        assertEquals(List.of("foo2", "foo1"), keys(limited));
        assertTrue(limited.more());
        assertEquals(3, limited.count());
        var countOnly = f.range(prefixFoo(0, SortOrder.NONE, false, true));
        assertEquals(3, countOnly.count());
        assertTrue(countOnly.kvs().isEmpty());
        assertTrue(f.range(prefixFoo(0, SortOrder.NONE, true, false)).kvs().stream().allMatch(k -> k.value().isEmpty()));
        assertEquals(3, f.range(Fixture.rangeReq(ALL, ALL)).kvs().size());
        var missing = f.get("nosuchkey");
        assertTrue(missing.kvs().isEmpty());
        assertEquals(0, missing.count());
        var filtered = f.range(new RangeRequest(b("foo"), b("fop"), 0, 0, SortOrder.NONE, SortTarget.KEY, false, false, true, 1000, 0, 0, 0));
        assertEquals(3, filtered.count(), "count ignores min_mod_revision");

        // txn: compare success path
        var success = f.txn(new TxnRequest(List.of(compareValue("foo", Result.EQUAL, "bar2")),
                List.of(putOp("foo", "bar3"), getOp("foo")), List.of(getOp("foo"))));
        assertEquals(6, success.header().revision());
        assertTrue(success.succeeded());
        assertEquals(new ResponseHeader(0, 0, 6, 0), ((ResponseOp.Put) success.responses().get(0)).response().header());
        var read = ((ResponseOp.Range) success.responses().get(1)).response();
        assertEquals(new ResponseHeader(0, 0, 6, 0), read.header());
        assertEquals(List.of(kv("foo", 2, 6, 3, "bar3")), read.kvs());
        assertEquals(1, read.count());

        // txn: failure path
        var failure = f.txn(new TxnRequest(List.of(compare(Target.VERSION, "foo", Result.EQUAL, 99)),
                List.of(putOp("foo", "never")), List.of(getOp("foo"), Fixture.deleteOp("nosuch", ""))));
        assertFalse(failure.succeeded());
        assertEquals(6, failure.header().revision());
        assertEquals(6, ((ResponseOp.Range) failure.responses().get(0)).response().header().revision());
        var noDelete = ((ResponseOp.DeleteRange) failure.responses().get(1)).response();
        assertEquals(new ResponseHeader(0, 0, 6, 0), noDelete.header());
        assertEquals(0, noDelete.deleted());

        // txn: create-if-absent, nested, empty
        var create = f.txn(new TxnRequest(List.of(compare(Target.CREATE, "newkey", Result.EQUAL, 0)), List.of(putOp("newkey", "x")), List.of()));
        assertTrue(create.succeeded());
        assertEquals(7, ((ResponseOp.Put) create.responses().getFirst()).response().header().revision());
        var nested = f.txn(new TxnRequest(
                List.of(compare(Target.MOD, "foo", Result.GREATER, 0), new Compare(Result.NOT_EQUAL, Target.VALUE, b("foo"), b("fop"), 0, b("zzz"))),
                List.of(new RequestOp.Txn(new TxnRequest(List.of(), List.of(getOp("foo1")), List.of()))), List.of()));
        TxnResponse inner = ((ResponseOp.Txn) nested.responses().getFirst()).response();
        assertEquals(new ResponseHeader(0, 0, 0, 0), inner.header());
        assertTrue(inner.succeeded());
        assertEquals(1, ((ResponseOp.Range) inner.responses().getFirst()).response().count());
        var empty = f.txn(new TxnRequest(List.of(), List.of(), List.of()));
        assertTrue(empty.succeeded());
        assertEquals(7, empty.header().revision());

        // txn errors
        KvException dup = f.failure(new KvCommand.Txn(new TxnRequest(List.of(), List.of(putOp("foo", "1"), putOp("foo", "2")), List.of())));
        assertEquals("etcdserver: duplicate key given in txn request", dup.getMessage());
        assertEquals(StatusCode.INVALID_ARGUMENT, dup.code());

        // deleterange with prev_kv
        var del = f.delete(new DeleteRangeRequest(b("foo1"), Bytes.EMPTY, true));
        assertEquals(8, del.header().revision());
        assertEquals(1, del.deleted());
        assertEquals(List.of(kv("foo1", 4, 4, 1, "v1")), del.prevKvs());
        var delPrefix = f.delete(new DeleteRangeRequest(b("foo"), b("fop"), true));
        assertEquals(2, delPrefix.deleted());
        assertEquals(2, delPrefix.prevKvs().size());
        var delNone = f.delete(new DeleteRangeRequest(b("nosuch"), Bytes.EMPTY, false));
        assertEquals(0, delNone.deleted());
        assertEquals(9, delNone.header().revision());

        f.put("foo", "w0"); // 10 (not shown in the capture; the watch output proves create_revision 10)
        f.put("foo", "bar"); // 11

        // compaction, then range at the compacted revision
        assertEquals(11, f.compact(5).header().revision());
        RangeRequest foo = RangeRequest.ofKey(b("foo"));
        assertEquals(KvException.compacted().getMessage(), assertThrowsKv(() -> f.range(Fixture.withRevision(foo, 3))).getMessage());
        assertEquals(List.of(kv("foo", 2, 3, 2, "bar2")), f.range(Fixture.withRevision(foo, 5)).kvs());
        assertEquals(KvException.compacted().getMessage(), f.failure(compact(4)).getMessage());
        assertEquals(KvException.futureRevision().getMessage(), f.failure(compact(1000)).getMessage());
        assertEquals(KvException.futureRevision().getMessage(), assertThrowsKv(() -> f.range(Fixture.withRevision(foo, 1000))).getMessage());
        f.compact(8);

        // bad requests
        assertEquals("etcdserver: key is not provided", f.failure(new KvCommand.Put(PutRequest.of(Bytes.EMPTY, b("bar")))).getMessage());
        KvException noLease = f.failure(new KvCommand.Put(new PutRequest(b("foo"), b("bar"), 12345, false, false, false)));
        assertEquals("etcdserver: requested lease not found", noLease.getMessage());
        assertEquals(StatusCode.NOT_FOUND, noLease.code());
        assertEquals("etcdserver: key not found",
                f.failure(new KvCommand.Put(new PutRequest(b("nosuchkey"), Bytes.EMPTY, 0, false, true, false))).getMessage());
        assertEquals("etcdserver: lease is provided",
                f.failure(new KvCommand.Put(new PutRequest(b("foo"), b("bar"), 5, false, false, true))).getMessage());

        // lease section: grant, attach, revoke deletes the key at revision 13
        assertEquals(1234, f.apply(new KvCommand.LeaseGrant(1234, 30)).responseAs(LeaseGrantResponse.class).id());
        KvException exists = f.failure(new KvCommand.LeaseGrant(1234, 30));
        assertEquals("etcdserver: lease already exists", exists.getMessage());
        assertEquals(StatusCode.FAILED_PRECONDITION, exists.code());
        f.put(new PutRequest(b("leased"), b("v"), 1234, false, false, false)); // 12
        assertEquals(13, f.apply(new KvCommand.LeaseRevoke(1234)).responseAs(LeaseRevokeResponse.class).header().revision());
        assertEquals("etcdserver: requested lease not found", f.failure(new KvCommand.LeaseRevoke(1234)).getMessage());
        f.apply(new KvCommand.LeaseGrant(777, 60));
        f.put(new PutRequest(b("leased"), b("v"), 777, false, false, false)); // 14
        assertEquals(777, f.get("leased").kvs().getFirst().lease());

        // the watch section's events: put foo, put foo5, delete foo5
        ApplyResult w1 = f.apply(new KvCommand.Put(PutRequest.of(b("foo"), b("w1"))));
        assertEquals(List.of(new Event(Event.Type.PUT, kv("foo", 10, 15, 3, "w1"), Optional.of(kv("foo", 10, 11, 2, "bar")))), w1.events());
        ApplyResult w2 = f.apply(new KvCommand.Put(PutRequest.of(b("foo5"), b("w2"))));
        assertEquals(List.of(new Event(Event.Type.PUT, kv("foo5", 16, 16, 1, "w2"), Optional.empty())), w2.events());
        ApplyResult d = f.apply(new KvCommand.DeleteRange(new DeleteRangeRequest(b("foo5"), Bytes.EMPTY, false)));
        assertEquals(List.of(new Event(Event.Type.DELETE, new KeyValue(b("foo5"), 0, 17, 0, Bytes.EMPTY, 0),
                Optional.of(kv("foo5", 16, 16, 1, "w2")))), d.events());
        assertEquals(17, f.kv.revision());
    }

    @Test
    void compactionToZeroOnAFreshStoreIsAllowedOnce() {
        // Captured: etcd's compact revision starts at -1, so compacting to 0 then 0 again is compacted.
        assertEquals(1, f.compact(0).header().revision());
        assertEquals(KvException.compacted().getMessage(), f.failure(compact(0)).getMessage());
        assertEquals(1, f.compact(1).header().revision());
        assertEquals(KvException.compacted().getMessage(), f.failure(compact(1)).getMessage());
    }

    private static KvCommand compact(long rev) {
        return new KvCommand.Compact(new ketch.api.kv.CompactionRequest(rev, false));
    }

    private static KvException assertThrowsKv(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(KvException.class, e);
    }
}
