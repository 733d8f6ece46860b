package ketch.kv;

import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.deleteOp;
import static ketch.kv.Fixture.getOp;
import static ketch.kv.Fixture.kv;
import static ketch.kv.Fixture.putOp;
import static ketch.kv.Fixture.rangeReq;
import static ketch.kv.Fixture.withRevision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/** Item 1: revisions, per-key create/mod/version, tombstones, history reads, byte order. */
class MvccRevisionTest {
    private final Fixture f = new Fixture();

    @Test
    void freshStoreIsAtRevisionOneAndEachWriteTakesTheNext() {
        assertEquals(1, f.kv.revision());
        assertEquals(2, f.put("a", "1").header().revision());
        assertEquals(3, f.put("b", "1").header().revision());
        assertEquals(3, f.kv.revision());
    }

    @Test
    void versionCountsWritesAndCreateRevisionStaysUntilDelete() {
        f.put("a", "1");
        f.put("a", "2");
        f.put("a", "3");
        assertEquals(List.of(kv("a", 2, 4, 3, "3")), f.get("a").kvs());
        f.delete("a");
        assertEquals(0, f.get("a").count());
        f.put("a", "new");
        assertEquals(List.of(kv("a", 6, 6, 1, "new")), f.get("a").kvs(), "version and create revision restart after delete");
    }

    @Test
    void writesThatChangeNothingDoNotBumpTheRevision() {
        f.put("a", "1");
        var del = f.delete("missing");
        assertEquals(2, del.header().revision());
        assertEquals(0, del.deleted());
        var readOnly = f.txn(new TxnRequest(List.of(), List.of(getOp("a")), List.of()));
        assertEquals(2, readOnly.header().revision());
        var emptyDelete = f.txn(new TxnRequest(List.of(), List.of(deleteOp("x", "y")), List.of()));
        assertEquals(2, emptyDelete.header().revision());
        assertEquals(2, f.kv.revision());
    }

    @Test
    void aTxnTakesOneRevisionForAllItsWrites() {
        var r = f.txn(new TxnRequest(List.of(), List.of(putOp("a", "1"), putOp("b", "2"), putOp("c", "3")), List.of()));
        assertEquals(2, r.header().revision());
        assertEquals(2, f.kv.revision());
        for (String k : List.of("a", "b", "c")) assertEquals(2, f.get(k).kvs().getFirst().modRevision());
    }

    @Test
    void readsAtAnyRevisionSeeTheHistory() {
        f.put("a", "1"); // 2
        f.put("a", "2"); // 3
        f.delete("a"); // 4
        f.put("a", "3"); // 5
        RangeRequest a = RangeRequest.ofKey(b("a"));
        assertEquals(0, f.range(withRevision(a, 1)).count());
        assertEquals(List.of(kv("a", 2, 2, 1, "1")), f.range(withRevision(a, 2)).kvs());
        assertEquals(List.of(kv("a", 2, 3, 2, "2")), f.range(withRevision(a, 3)).kvs());
        assertEquals(0, f.range(withRevision(a, 4)).count());
        assertEquals(List.of(kv("a", 5, 5, 1, "3")), f.range(withRevision(a, 5)).kvs());
        assertEquals(5, f.range(withRevision(a, 2)).header().revision(), "the header reports the current revision");
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        Bytes high = Bytes.copyOf(new byte[] {(byte) 0xC3, 0x41});
        f.put(PutRequestsFor.key(high));
        f.put("a", "1");
        f.put("Z", "1");
        var all = f.range(rangeReq(Fixture.ALL, Fixture.ALL));
        assertEquals(List.of(b("Z"), b("a"), high), all.kvs().stream().map(k -> k.key()).toList());
    }

    @Test
    void deleteRangeEmitsTombstonesThatHideKeysFromLaterReads() {
        f.put("a", "1");
        f.put("b", "1");
        f.put("c", "1");
        var r = f.delete(new DeleteRangeRequest(b("a"), b("c"), false));
        assertEquals(2, r.deleted());
        assertTrue(r.prevKvs().isEmpty());
        assertEquals(List.of("c"), Fixture.keys(f.range(rangeReq(Fixture.ALL, Fixture.ALL))));
        assertEquals(3, f.range(withRevision(rangeReq(Fixture.ALL, Fixture.ALL), 4)).count(), "all three before the delete");
    }

    /** Shorthand for a put of a raw key. */
    static final class PutRequestsFor {
        static ketch.api.kv.PutRequest key(Bytes key) {
            return ketch.api.kv.PutRequest.of(key, b("v"));
        }
    }
}
