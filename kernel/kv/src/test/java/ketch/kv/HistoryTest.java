package ketch.kv;

import ketch.api.kv.Event;
import static ketch.kv.Fixture.ALL;
import static ketch.kv.Fixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.kv.RequestOp;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/** History replay (what the watch hub catches up from) equals what apply emitted. */
class HistoryTest {
    @Test
    void historyEqualsTheEventsApplyEmitted() {
        Fixture f = new Fixture();
        RandomWorkload w = new RandomWorkload(31);
        List<Event> emitted = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            KvCommand c = w.next(f.kv);
            if (c instanceof KvCommand.Compact) continue; // keep all history
            emitted.addAll(f.apply(c).events());
        }
        HistoryChunk all = f.kv.history(ALL, ALL, 1, f.kv.revision(), Integer.MAX_VALUE);
        assertEquals(emitted, all.events());
        assertEquals(f.kv.revision() + 1, all.nextRevision());
        // Read it back in small chunks: same events, whole revisions each time.
        List<Event> chunked = new ArrayList<>();
        long from = 1;
        while (from <= f.kv.revision()) {
            HistoryChunk c = f.kv.history(ALL, ALL, from, f.kv.revision(), 3);
            chunked.addAll(c.events());
            if (!c.events().isEmpty()) assertEquals(c.events().getLast().kv().modRevision() + 1 <= c.nextRevision(), true);
            from = c.nextRevision();
        }
        assertEquals(emitted, chunked);
    }

    @Test
    void aRevisionLargerThanTheLimitComesWhole() {
        Fixture f = new Fixture();
        List<RequestOp> puts = new ArrayList<>();
        for (int i = 0; i < 5; i++) puts.add(Fixture.putOp("k" + i, "v"));
        f.txn(new TxnRequest(List.of(), puts, List.of())); // 2
        f.put("z", "1"); // 3
        HistoryChunk c = f.kv.history(ALL, ALL, 1, 3, 2);
        assertEquals(5, c.events().size());
        assertEquals(3, c.nextRevision());
        HistoryChunk rest = f.kv.history(ALL, ALL, 3, 3, 2);
        assertEquals(List.of("z"), rest.events().stream().map(e -> e.kv().key().toStringUtf8()).toList());
        assertEquals(4, rest.nextRevision());
    }

    @Test
    void historyBelowTheCompactRevisionIsGone() {
        Fixture f = new Fixture();
        f.put("a", "1");
        f.put("a", "2");
        f.compact(3);
        assertThrows(KvException.class, () -> f.kv.history(b("a"), Bytes.EMPTY, 2, 3, 10));
        assertEquals(1, f.kv.history(b("a"), Bytes.EMPTY, 3, 3, 10).events().size());
    }
}
