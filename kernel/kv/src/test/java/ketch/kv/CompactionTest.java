package ketch.kv;

import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.kv;
import static ketch.kv.Fixture.withRevision;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import ketch.api.kv.KvException;
import ketch.api.kv.RangeRequest;
import org.junit.jupiter.api.Test;

/** Item 3, compaction: bounds, what stays readable, what is dropped. */
class CompactionTest {
    private final Fixture f = new Fixture();

    @Test
    void keepsEachKeysLatestVersionAtTheCompactRevision() {
        f.put("a", "1"); // 2
        f.put("a", "2"); // 3
        f.put("b", "1"); // 4
        f.delete("b"); // 5
        f.put("a", "3"); // 6
        f.compact(4);
        assertEquals(4, f.kv.compactRevision());
        RangeRequest a = RangeRequest.ofKey(b("a"));
        assertEquals(List.of(kv("a", 2, 3, 2, "2")), f.range(withRevision(a, 4)).kvs());
        assertEquals(List.of(kv("a", 2, 6, 3, "3")), f.range(withRevision(a, 6)).kvs());
        assertEquals(List.of(kv("b", 4, 4, 1, "1")), f.range(withRevision(RangeRequest.ofKey(b("b")), 4)).kvs());
        assertThrows(KvException.class, () -> f.range(withRevision(a, 3)));
        f.compact(5);
        assertEquals(0, f.range(withRevision(RangeRequest.ofKey(b("b")), 5)).count(), "the tombstone at 5 drops b entirely");
        assertEquals(2, f.range(withRevision(a, 5)).kvs().getFirst().version());
    }

    @Test
    void compactionDoesNotChangeTheRevisionOrTheCurrentView() {
        f.put("a", "1");
        f.put("a", "2");
        int before = f.kv.hashKv(0);
        var r = f.compact(3);
        assertEquals(3, r.header().revision());
        assertEquals(3, f.kv.revision());
        org.junit.jupiter.api.Assertions.assertNotEquals(before, f.kv.hashKv(0), "revision 2 of a was dropped");
        assertThrows(KvException.class, () -> f.kv.hashKv(2));
        assertEquals(List.of(kv("a", 2, 3, 2, "2")), f.get("a").kvs());
    }

    @Test
    void versionsContinueAfterCompaction() {
        f.put("a", "1");
        f.put("a", "2");
        f.compact(3);
        f.put("a", "3");
        assertEquals(List.of(kv("a", 2, 4, 3, "3")), f.get("a").kvs());
    }

    @Test
    void boundsAreCheckedBeforeAnythingChanges() {
        f.put("a", "1");
        f.compact(2);
        assertEquals(KvException.compacted().getMessage(), f.failure(new KvCommand.Compact(new ketch.api.kv.CompactionRequest(2, false))).getMessage());
        assertEquals(KvException.futureRevision().getMessage(), f.failure(new KvCommand.Compact(new ketch.api.kv.CompactionRequest(3, true))).getMessage());
        assertEquals(2, f.kv.compactRevision());
    }
}
