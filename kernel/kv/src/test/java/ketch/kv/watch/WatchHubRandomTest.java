package ketch.kv.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.Event;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import org.junit.jupiter.api.Test;

/**
 * Random writes, watchers created at random start revisions and polled at random rates with a
 * small buffer: each watcher must receive exactly the matching events from its start revision,
 * in order, whether they came live or from history.
 */
class WatchHubRandomTest {
    @Test
    void everyWatcherSeesExactlyItsEvents() {
        for (long seed = 1; seed <= 5; seed++) runAndCheck(seed);
    }

    private record Watch(long id, WatchRequest request, List<Event> received) {}

    private static void receive(WatchHub hub, Watch w, int max) {
        for (WatchUpdate u : hub.poll(w.id(), max)) {
            if (u instanceof WatchUpdate.Events e) w.received().addAll(e.events());
            else throw new AssertionError("no compaction in this test, got " + u);
        }
    }

    private static void runAndCheck(long seed) {
        Random random = new Random(seed);
        KvStateMachine kv = new KvStateMachine(1, 1);
        WatchHub hub = new WatchHub(kv, 1 + random.nextInt(6));
        List<Event> log = new ArrayList<>();
        List<Watch> watches = new ArrayList<>();
        for (int i = 1; i <= 800; i++) {
            Bytes key = Bytes.of("k" + random.nextInt(8));
            KvCommand c = random.nextInt(4) == 0
                    ? new KvCommand.DeleteRange(new DeleteRangeRequest(key, random.nextBoolean() ? Bytes.EMPTY : Bytes.of("k9"), false))
                    : new KvCommand.Put(PutRequest.of(key, Bytes.of("v" + i)));
            List<Event> events = kv.apply(i, 1, c).events();
            log.addAll(events);
            hub.publish(events);
            if (random.nextInt(40) == 0) {
                Bytes k = Bytes.of("k" + random.nextInt(8));
                WatchRequest r = new WatchRequest(k, random.nextBoolean() ? Bytes.EMPTY : Bytes.of("k6"),
                        random.nextInt(3) == 0 ? 0 : 1 + random.nextLong(kv.revision() + 3), random.nextInt(5) == 0,
                        random.nextInt(5) == 0, random.nextBoolean());
                long start = r.startRevision() == 0 ? kv.revision() + 1 : r.startRevision();
                watches.add(new Watch(hub.create(r), new WatchRequest(r.key(), r.rangeEnd(), start, r.noPut(), r.noDelete(), r.prevKv()),
                        new ArrayList<>()));
            }
            for (Watch w : watches) {
                if (random.nextInt(4) == 0) receive(hub, w, 1 + random.nextInt(5));
            }
        }
        assertTrue(watches.size() > 5, "seed " + seed + " created watchers: " + watches.size());
        for (Watch w : watches) {
            for (int guard = 0; guard < 10_000 && hub.ready().contains(w.id()); guard++) receive(hub, w, 7);
            assertEquals(expected(log, w.request()), w.received(), "seed " + seed + " watcher " + w.id() + " " + w.request());
        }
    }

    private static List<Event> expected(List<Event> log, WatchRequest r) {
        ketch.kv.mvcc.KeyRange range = new ketch.kv.mvcc.KeyRange(r.key(), r.rangeEnd());
        List<Event> out = new ArrayList<>();
        for (Event e : log) {
            if (e.kv().modRevision() < r.startRevision() || !range.contains(e.kv().key())) continue;
            if (e.type() == Event.Type.PUT && r.noPut()) continue;
            if (e.type() == Event.Type.DELETE && r.noDelete()) continue;
            out.add(r.prevKv() ? e : new Event(e.type(), e.kv(), Optional.empty()));
        }
        return out;
    }
}
