package ketch.kv;

import static ketch.kv.Fixture.ALL;
import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.keys;
import static ketch.kv.Fixture.rangeReq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Item 2: every RangeRequest field, with etcd 3.4's quirks (checked against a real etcd 3.4.23). */
class RangeTest {
    private final Fixture f = new Fixture();

    /** The data set used against the reference etcd: a1 b2 c1 d2 (key + version), revisions 2..7. */
    @BeforeEach
    void load() {
        f.put("a", "1"); // 2
        f.put("b", "2"); // 3
        f.put("b", "3"); // 4
        f.put("c", "0"); // 5
        f.put("d", "9"); // 6
        f.put("d", "8"); // 7
    }

    private static RangeRequest all() {
        return rangeReq(ALL, ALL);
    }

    private static RangeRequest req(Bytes key, Bytes end, long limit, SortOrder order, SortTarget target, boolean keysOnly,
            boolean countOnly, long minMod, long maxMod, long minCreate, long maxCreate) {
        return new RangeRequest(key, end, limit, 0, order, target, false, keysOnly, countOnly, minMod, maxMod, minCreate, maxCreate);
    }

    @Test
    void singleKeyPrefixAndFromKeyForms() {
        assertEquals(List.of("b"), keys(f.get("b")));
        assertEquals(List.of("a", "b"), keys(f.range(rangeReq(b("a"), b("c")))));
        assertEquals(List.of("c", "d"), keys(f.range(rangeReq(b("c"), ALL))), "range_end \\0 means from key");
        assertEquals(List.of("a", "b", "c", "d"), keys(f.range(all())), "key \\0 + range_end \\0 means all");
        assertEquals(List.of(), keys(f.range(rangeReq(b("c"), b("a")))), "an end before the key is empty");
        f.put("ab", "x");
        assertEquals(List.of("a", "ab"), keys(f.prefix("a")));
    }

    @Test
    void missingKeyHasNoKvsAndZeroCount() {
        var r = f.get("nosuchkey");
        assertEquals(0, r.count());
        assertTrue(r.kvs().isEmpty());
        assertFalse(r.more());
    }

    @Test
    void limitSetsMoreAndCountIsTheWholeRange() {
        var r = f.range(req(ALL, ALL, 2, SortOrder.NONE, SortTarget.KEY, false, false, 0, 0, 0, 0));
        assertEquals(List.of("a", "b"), keys(r));
        assertTrue(r.more());
        assertEquals(4, r.count());
        var exact = f.range(req(ALL, ALL, 4, SortOrder.NONE, SortTarget.KEY, false, false, 0, 0, 0, 0));
        assertFalse(exact.more());
    }

    @Test
    void sortNoneWithNonKeyTargetSortsAscendingOnlyTheFetchedRows() {
        // etcd 3.4: limit 2 fetches a,b,c (limit+1), sorts those by version, keeps two.
        var r = f.range(req(ALL, ALL, 2, SortOrder.NONE, SortTarget.VERSION, true, false, 0, 0, 0, 0));
        assertEquals(List.of("a", "c"), keys(r));
        assertTrue(r.more());
        f.put("x", "v"); // 8
        f.put("x", "v"); // 9
        f.put("y", "v"); // 10
        f.put("y", "v"); // 11
        f.put("z", "v"); // 12
        var one = f.range(req(b("x"), ALL, 1, SortOrder.NONE, SortTarget.VERSION, true, false, 0, 0, 0, 0));
        assertEquals(List.of("x"), keys(one), "captured: limit 1 sees only x,y so z (version 1) is not found");
        var two = f.range(req(b("x"), ALL, 2, SortOrder.NONE, SortTarget.VERSION, true, false, 0, 0, 0, 0));
        assertEquals(List.of("z", "x"), keys(two));
    }

    @Test
    void explicitSortFetchesEverythingAndTiesKeepKeyOrder() {
        var desc = f.range(req(ALL, ALL, 2, SortOrder.DESCEND, SortTarget.VERSION, true, false, 0, 0, 0, 0));
        assertEquals(List.of("b", "d"), keys(desc), "captured on etcd 3.4.23");
        assertTrue(desc.more());
        var byValue = f.range(req(ALL, ALL, 0, SortOrder.ASCEND, SortTarget.VALUE, true, false, 0, 0, 0, 0));
        assertEquals(List.of("c", "a", "b", "d"), keys(byValue));
        var byKeyDesc = f.range(req(ALL, ALL, 0, SortOrder.DESCEND, SortTarget.KEY, false, false, 0, 0, 0, 0));
        assertEquals(List.of("d", "c", "b", "a"), keys(byKeyDesc));
        var byCreateDesc = f.range(req(ALL, ALL, 0, SortOrder.DESCEND, SortTarget.CREATE, false, false, 0, 0, 0, 0));
        assertEquals(List.of("d", "c", "b", "a"), keys(byCreateDesc));
        var byMod = f.range(req(ALL, ALL, 0, SortOrder.ASCEND, SortTarget.MOD, false, false, 0, 0, 0, 0));
        assertEquals(List.of("a", "b", "c", "d"), keys(byMod));
    }

    @Test
    void revisionFiltersPruneRowsButNotTheCount() {
        var minMod = f.range(req(ALL, ALL, 1, SortOrder.NONE, SortTarget.KEY, true, false, 4, 0, 0, 0));
        assertEquals(List.of("b"), keys(minMod), "captured: filters fetch everything, so more is true");
        assertTrue(minMod.more());
        assertEquals(4, minMod.count());
        var maxMod = f.range(req(ALL, ALL, 0, SortOrder.NONE, SortTarget.KEY, true, false, 0, 3, 0, 0));
        assertEquals(List.of("a"), keys(maxMod));
        assertEquals(4, maxMod.count());
        var createWindow = f.range(req(ALL, ALL, 0, SortOrder.NONE, SortTarget.KEY, false, false, 0, 0, 3, 5));
        assertEquals(List.of("b", "c"), keys(createWindow));
        var countOnly = f.range(req(ALL, ALL, 0, SortOrder.NONE, SortTarget.KEY, false, true, 1000, 0, 0, 0));
        assertEquals(4, countOnly.count(), "etcd 3.4 quirk 3: count ignores the filters");
    }

    @Test
    void countOnlyAndKeysOnly() {
        var c = f.range(req(ALL, ALL, 1, SortOrder.NONE, SortTarget.KEY, false, true, 0, 0, 0, 0));
        assertEquals(4, c.count());
        assertTrue(c.kvs().isEmpty());
        assertFalse(c.more());
        var k = f.range(req(ALL, ALL, 0, SortOrder.NONE, SortTarget.KEY, true, false, 0, 0, 0, 0));
        assertTrue(k.kvs().stream().allMatch(kv -> kv.value().isEmpty()));
        assertEquals(7, k.kvs().get(3).modRevision());
    }

    @Test
    void revisionOutOfBoundsFails() {
        KvException future = assertThrows(KvException.class, () -> f.range(Fixture.withRevision(all(), 8)));
        assertEquals(KvException.futureRevision().getMessage(), future.getMessage());
        assertEquals(StatusCode.OUT_OF_RANGE, future.code());
        f.compact(5);
        KvException compacted = assertThrows(KvException.class, () -> f.range(Fixture.withRevision(all(), 4)));
        assertEquals(KvException.compacted().getMessage(), compacted.getMessage());
        assertEquals(List.of("a", "b", "c"), keys(f.range(Fixture.withRevision(all(), 5))), "the compact revision stays readable");
    }

    @Test
    void emptyKeyIsRejected() {
        KvException e = assertThrows(KvException.class, () -> f.range(rangeReq(Bytes.EMPTY, ALL)));
        assertEquals("etcdserver: key is not provided", e.getMessage());
        assertEquals(StatusCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void headerCarriesClusterMemberRevisionAndTerm() {
        var h = f.get("a").header();
        assertEquals(Fixture.CLUSTER, h.clusterId());
        assertEquals(Fixture.MEMBER, h.memberId());
        assertEquals(7, h.revision());
        assertEquals(Fixture.TERM, h.raftTerm());
    }
}
