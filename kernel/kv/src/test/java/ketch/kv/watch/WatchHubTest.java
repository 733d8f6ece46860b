package ketch.kv.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KeyValue;
import ketch.api.kv.PutRequest;
import ketch.kv.ApplyResult;
import ketch.api.kv.Event;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import org.junit.jupiter.api.Test;

/** Item 7: live delivery, filters, history replay, compaction cancel, slow-watcher catch-up. */
class WatchHubTest {
    private final KvStateMachine kv = new KvStateMachine(1, 1);
    private final WatchHub hub = new WatchHub(kv, 4);
    private long index;

    private static Bytes b(String s) {
        return Bytes.of(s);
    }

    private ApplyResult apply(KvCommand c) {
        ApplyResult r = kv.apply(++index, 1, c);
        hub.publish(r.events());
        return r;
    }

    private void put(String k, String v) {
        apply(new KvCommand.Put(PutRequest.of(b(k), b(v))));
    }

    private void delete(String k) {
        apply(new KvCommand.DeleteRange(new DeleteRangeRequest(b(k), Bytes.EMPTY, false)));
    }

    private static List<String> describe(List<WatchUpdate> updates) {
        List<String> out = new ArrayList<>();
        for (WatchUpdate u : updates) {
            switch (u) {
                case WatchUpdate.Canceled c -> out.add("canceled@" + c.compactRevision());
                case WatchUpdate.Events e -> {
                    for (Event ev : e.events()) {
                        out.add(ev.type() + " " + ev.kv().key() + "@" + ev.kv().modRevision() + (ev.prevKv().isPresent() ? " prev" : ""));
                    }
                }
            }
        }
        return out;
    }

    private static WatchRequest prefix(String p, long start, boolean noPut, boolean noDelete, boolean prevKv) {
        return new WatchRequest(b(p), b(p).prefixEnd(), start, noPut, noDelete, prevKv);
    }

    @Test
    void theCapturedWatchSession() {
        put("foo", "bar"); // 2
        long w = hub.create(prefix("foo", 0, false, false, true));
        assertEquals(List.of(), hub.ready(), "a watch from now has nothing yet");
        put("foo", "w1"); // 3
        put("foo5", "w2"); // 4
        delete("foo5"); // 5
        put("other", "x"); // 6: outside the prefix
        List<WatchUpdate> updates = hub.poll(w, 100);
        assertEquals(List.of("PUT foo@3 prev", "PUT foo5@4", "DELETE foo5@5 prev"), describe(updates));
        assertEquals(List.of(3L, 4L, 5L), updates.stream().map(u -> ((WatchUpdate.Events) u).revision()).toList(),
                "live updates carry their own revision, as etcd's headers 15, 16, 17");
        WatchUpdate.Events del = (WatchUpdate.Events) updates.get(2);
        assertEquals(new KeyValue(b("foo5"), 0, 5, 0, Bytes.EMPTY, 0), del.events().getFirst().kv());

        // historical start_revision with NOPUT: only the DELETE is replayed
        long historical = hub.create(prefix("foo", 3, true, false, true));
        assertTrue(hub.isCatchingUp(historical));
        assertEquals(List.of("DELETE foo5@5 prev"), describe(hub.poll(historical, 100)));
        assertFalse(hub.isCatchingUp(historical));

        // start_revision already compacted: canceled with the compact revision
        apply(new KvCommand.Compact(new CompactionRequest(4, false)));
        long old = hub.create(prefix("foo", 2, false, false, false));
        assertEquals(List.of(old), hub.ready());
        assertEquals(List.of(new WatchUpdate.Canceled(old, 4)), hub.poll(old, 100));
        assertEquals(2, hub.size());
    }

    @Test
    void replayThenLiveWithoutGapOrDuplicate() {
        put("a", "1"); // 2
        put("a", "2"); // 3
        long w = hub.create(new WatchRequest(b("a"), Bytes.EMPTY, 2, false, false, false));
        put("a", "3"); // 4: published while catching up, read from history instead
        assertEquals(List.of("PUT a@2", "PUT a@3", "PUT a@4"), describe(hub.poll(w, 100)));
        put("a", "4"); // 5: live now
        assertEquals(List.of("PUT a@5"), describe(hub.poll(w, 100)));
        assertEquals(List.of(), hub.poll(w, 100));
    }

    @Test
    void aFutureStartRevisionWaitsForIt() {
        long w = hub.create(new WatchRequest(b("a"), Bytes.EMPTY, 4, false, false, false));
        put("a", "1"); // 2
        put("a", "2"); // 3
        put("a", "3"); // 4
        assertEquals(List.of("PUT a@4"), describe(hub.poll(w, 100)));
    }

    @Test
    void filtersAndPrevKv() {
        long noDelete = hub.create(new WatchRequest(b("k"), Bytes.EMPTY, 0, false, true, false));
        long withPrev = hub.create(new WatchRequest(b("k"), Bytes.EMPTY, 0, false, false, true));
        put("k", "1");
        put("k", "2");
        delete("k");
        assertEquals(List.of("PUT k@2", "PUT k@3"), describe(hub.poll(noDelete, 100)));
        List<WatchUpdate> all = hub.poll(withPrev, 100);
        assertEquals(List.of("PUT k@2", "PUT k@3 prev", "DELETE k@4 prev"), describe(all));
        assertEquals(Optional.of(new KeyValue(b("k"), 2, 3, 2, b("2"), 0)),
                ((WatchUpdate.Events) all.get(2)).events().getFirst().prevKv());
    }

    @Test
    void aSlowWatcherDropsItsBufferAndCatchesUpFromHistory() {
        long w = hub.create(new WatchRequest(b("k"), b("l"), 0, false, false, false));
        for (int i = 0; i < 4; i++) put("k" + i, "v"); // 2..5: four events fit the buffer of 4
        assertFalse(hub.isCatchingUp(w));
        put("k9", "v"); // 6: the fifth overflows
        assertTrue(hub.isCatchingUp(w));
        put("k8", "v"); // 7
        assertEquals(List.of("PUT k0@2", "PUT k1@3"), describe(hub.poll(w, 2)));
        assertTrue(hub.isCatchingUp(w));
        assertEquals(List.of("PUT k2@4", "PUT k3@5", "PUT k9@6", "PUT k8@7"), describe(hub.poll(w, 10)));
        assertFalse(hub.isCatchingUp(w));
        put("k7", "v");
        assertEquals(List.of("PUT k7@8"), describe(hub.poll(w, 10)));
    }

    @Test
    void aLaggingWatcherWhoseHistoryIsCompactedIsCanceled() {
        long w = hub.create(new WatchRequest(b("k"), b("l"), 0, false, false, false));
        for (int i = 0; i < 6; i++) put("k" + i, "v"); // overflows at revision 6
        assertTrue(hub.isCatchingUp(w));
        apply(new KvCommand.Compact(new CompactionRequest(5, false)));
        assertEquals(List.of(new WatchUpdate.Canceled(w, 5)), hub.poll(w, 10));
        assertEquals(0, hub.size());
    }

    @Test
    void cancelAndReady() {
        long a = hub.create(WatchRequest.ofKey(b("a")));
        long b = hub.create(WatchRequest.ofKey(b("b")));
        assertEquals(0, a);
        assertEquals(1, b);
        put("b", "1");
        put("a", "1");
        assertEquals(List.of(a, b), hub.ready());
        assertTrue(hub.cancel(a));
        assertFalse(hub.cancel(a));
        assertEquals(List.of(b), hub.ready());
        assertEquals(List.of(), hub.poll(a, 10));
    }

    @Test
    void watchersWithTheSameChoicesShareOneEventListPerRevision() {
        long a = hub.create(WatchRequest.ofKey(b("k")));
        long b = hub.create(WatchRequest.ofKey(b("k")));
        long prefix = hub.create(prefix("k", 0, false, false, false));
        long withPrev = hub.create(new WatchRequest(b("k"), Bytes.EMPTY, 0, false, false, true));
        put("k", "1");
        List<Event> ofA = ((WatchUpdate.Events) hub.poll(a, 10).getFirst()).events();
        List<Event> ofB = ((WatchUpdate.Events) hub.poll(b, 10).getFirst()).events();
        List<Event> ofPrefix = ((WatchUpdate.Events) hub.poll(prefix, 10).getFirst()).events();
        List<Event> ofWithPrev = ((WatchUpdate.Events) hub.poll(withPrev, 10).getFirst()).events();
        assertTrue(ofA == ofB, "same key, same choices: the same list");
        assertTrue(ofA == ofPrefix, "a range that holds every event of the revision shares it too");
        assertFalse(ofA == ofWithPrev, "prev_kv is another choice");
        assertEquals(describe(List.of(new WatchUpdate.Events(a, 2, ofA))), List.of("PUT k@2"));
        assertTrue(List.copyOf(ofA) == ofA, "copies into responses keep the identity");
    }

    @Test
    void aWatcherMovedToCatchUpHoldsNothingAndMissesNothing() {
        long w = hub.create(WatchRequest.ofKey(b("k")));
        put("k", "1"); // 2, buffered
        assertFalse(hub.isSynced(w), "an undelivered event: not synced");
        assertTrue(hub.moveToCatchUp(w));
        assertTrue(hub.isCatchingUp(w));
        for (int i = 2; i <= 50; i++) put("k", "" + i); // 3..51: not buffered while catching up
        assertEquals(List.of(w), hub.ready());
        List<String> seen = new ArrayList<>(describe(hub.poll(w, 20)));
        while (hub.isCatchingUp(w)) seen.addAll(describe(hub.poll(w, 20)));
        List<String> expected = new ArrayList<>();
        for (int r = 2; r <= 51; r++) expected.add("PUT k@" + r);
        assertEquals(expected, seen, "ordered, no gap, no duplicate");
        assertTrue(hub.isSynced(w));
        assertEquals(List.of(), hub.ready(), "drained: no longer ready");
        put("k", "live"); // 52
        assertEquals(List.of("PUT k@52"), describe(hub.poll(w, 20)));
        assertFalse(hub.moveToCatchUp(99), "unknown watcher");
    }

    @Test
    void aCatchUpReplyStopsAtWholeRevisionsOnceItsBytesReachTheLimit() {
        String hundred = "x".repeat(100);
        for (int i = 0; i < 5; i++) put("k", hundred); // 2..6, 101 key and value bytes each
        long w = hub.create(new WatchRequest(b("k"), Bytes.EMPTY, 2, false, false, false));
        assertEquals(List.of("PUT k@2", "PUT k@3", "PUT k@4"), describe(hub.poll(w, 100, 250)), "303 bytes reach 250: stop");
        assertTrue(hub.isCatchingUp(w));
        assertEquals(List.of("PUT k@5", "PUT k@6"), describe(hub.poll(w, 100, 250)));
        assertFalse(hub.isCatchingUp(w));
        assertEquals(List.of("PUT k@2"), describe(hub.poll(hub.create(new WatchRequest(b("k"), Bytes.EMPTY, 2, false, false, false)), 100, 1)),
                "at least one revision per reply");
    }
}
