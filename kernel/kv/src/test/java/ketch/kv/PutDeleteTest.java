package ketch.kv;

import ketch.api.kv.Event;
import static ketch.kv.Fixture.ALL;
import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.StatusCode;
import org.junit.jupiter.api.Test;

/** Item 3, put and delete: prev_kv, leases, ignore_value / ignore_lease, and their errors. */
class PutDeleteTest {
    private final Fixture f = new Fixture();

    private static PutRequest put(String k, String v, long lease, boolean prevKv, boolean ignoreValue, boolean ignoreLease) {
        return new PutRequest(b(k), b(v), lease, prevKv, ignoreValue, ignoreLease);
    }

    private void assertError(KvException expected, KvCommand command) {
        long revision = f.kv.revision();
        int hash = f.kv.hash();
        KvException e = f.failure(command);
        assertEquals(expected.getMessage(), e.getMessage());
        assertEquals(expected.code(), e.code());
        assertEquals(revision, f.kv.revision(), "a failed command changes nothing");
        assertEquals(hash, f.kv.hash(), "a failed command changes nothing");
    }

    @Test
    void prevKvIsReturnedOnlyWhenAskedAndPresent() {
        assertEquals(Optional.empty(), f.put(put("foo", "bar", 0, true, false, false)).prevKv());
        assertEquals(Optional.of(kv("foo", 2, 2, 1, "bar")), f.put(put("foo", "bar2", 0, true, false, false)).prevKv());
        assertEquals(Optional.empty(), f.put(put("foo", "bar3", 0, false, false, false)).prevKv());
    }

    @Test
    void ignoreValueKeepsTheValueAndIgnoreLeaseKeepsTheLease() {
        f.apply(new KvCommand.LeaseGrant(777, 60));
        f.put(put("k", "v", 777, false, false, false));
        f.put(put("k", "", 0, false, true, true));
        assertEquals(new KeyValue(b("k"), 2, 3, 2, b("v"), 777), f.get("k").kvs().getFirst());
        f.put(put("k", "w", 0, false, false, true));
        assertEquals(new KeyValue(b("k"), 2, 4, 3, b("w"), 777), f.get("k").kvs().getFirst());
        f.put(put("k", "", 0, false, true, false));
        assertEquals(new KeyValue(b("k"), 2, 5, 4, b("w"), 0), f.get("k").kvs().getFirst(), "a put without lease detaches");
    }

    @Test
    void putErrorsMatchEtcd() {
        f.put("foo", "bar");
        assertError(KvException.keyNotProvided(), new KvCommand.Put(put("", "v", 0, false, false, false)));
        assertError(KvException.leaseNotFound(), new KvCommand.Put(put("foo", "bar", 12345, false, false, false)));
        assertError(KvException.keyNotFound(), new KvCommand.Put(put("nosuchkey", "", 0, false, true, false)));
        assertError(KvException.keyNotFound(), new KvCommand.Put(put("nosuchkey", "v", 0, false, false, true)));
        assertError(KvException.leaseProvided(), new KvCommand.Put(put("foo", "bar", 5, false, false, true)));
        assertError(KvException.valueProvided(), new KvCommand.Put(put("foo", "bar", 0, false, true, false)));
        assertEquals(StatusCode.NOT_FOUND, KvException.leaseNotFound().code());
    }

    @Test
    void deleteCountsAndReturnsPrevKvsInKeyOrder() {
        f.put("foo", "a"); // 2
        f.put("foo1", "b"); // 3
        f.put("foo2", "c"); // 4
        var one = f.delete(new DeleteRangeRequest(b("foo1"), Bytes.EMPTY, true));
        assertEquals(1, one.deleted());
        assertEquals(List.of(kv("foo1", 3, 3, 1, "b")), one.prevKvs());
        assertEquals(5, one.header().revision());
        var prefix = f.delete(new DeleteRangeRequest(b("foo"), b("fop"), true));
        assertEquals(2, prefix.deleted());
        assertEquals(List.of(kv("foo", 2, 2, 1, "a"), kv("foo2", 4, 4, 1, "c")), prefix.prevKvs());
        var none = f.delete(new DeleteRangeRequest(b("nosuch"), Bytes.EMPTY, false));
        assertEquals(0, none.deleted());
        assertEquals(6, none.header().revision());
        assertError(KvException.keyNotProvided(), new KvCommand.DeleteRange(new DeleteRangeRequest(Bytes.EMPTY, b("v"), false)));
    }

    @Test
    void deleteFromKeyAndAll() {
        f.put("a", "1");
        f.put("b", "1");
        f.put("c", "1");
        assertEquals(2, f.delete(new DeleteRangeRequest(b("b"), ALL, false)).deleted());
        assertEquals(1, f.delete(new DeleteRangeRequest(ALL, ALL, false)).deleted());
        assertTrue(f.range(Fixture.rangeReq(ALL, ALL)).kvs().isEmpty());
    }

    @Test
    void eventsDescribeEachChange() {
        f.put("a", "1");
        ApplyResult put = f.apply(new KvCommand.Put(PutRequest.of(b("a"), b("2"))));
        assertEquals(List.of(new Event(Event.Type.PUT, kv("a", 2, 3, 2, "2"), Optional.of(kv("a", 2, 2, 1, "1")))), put.events());
        ApplyResult del = f.apply(new KvCommand.DeleteRange(new DeleteRangeRequest(b("a"), Bytes.EMPTY, false)));
        assertEquals(List.of(new Event(Event.Type.DELETE, new KeyValue(b("a"), 0, 4, 0, Bytes.EMPTY, 0), Optional.of(kv("a", 2, 3, 2, "2")))),
                del.events());
        assertTrue(f.apply(new KvCommand.DeleteRange(new DeleteRangeRequest(b("a"), Bytes.EMPTY, false))).events().isEmpty());
    }
}
