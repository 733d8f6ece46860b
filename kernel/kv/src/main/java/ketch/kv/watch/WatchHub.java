package ketch.kv.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import ketch.api.kv.KeyValue;
import ketch.api.kv.Event;
import ketch.kv.HistoryChunk;
import ketch.kv.KvStateMachine;
import ketch.kv.mvcc.KeyRange;

/**
 * Watchers over one {@link KvStateMachine}. The node calls {@link #publish} after every apply and
 * {@link #poll} when a watcher's client can take more. A watcher that starts in the past, or whose
 * buffer passes {@code maxBufferedEvents}, is caught up from the store's history instead, so a
 * slow client costs a revision number, not memory. A watcher whose history gets compacted away is
 * canceled with the compact revision, as etcd does. Not thread-safe: use it on the apply lane.
 */
public final class WatchHub {
    private final KvStateMachine kv;
    private final int maxBufferedEvents;
    private final TreeMap<Long, Watcher> watchers = new TreeMap<>();
    /** Ids of the watchers with something for poll, kept as it changes: ready() must not scan thousands of idle ones. */
    private final TreeSet<Long> ready = new TreeSet<>();
    private long nextId;

    public WatchHub(KvStateMachine kv, int maxBufferedEvents) {
        if (maxBufferedEvents < 1) throw new IllegalArgumentException("maxBufferedEvents " + maxBufferedEvents + " must be at least 1");
        this.kv = kv;
        this.maxBufferedEvents = maxBufferedEvents;
    }

    private static final class Watcher {
        final long id;
        final WatchRequest request;
        final KeyRange range;
        final ArrayDeque<WatchUpdate.Events> buffer = new ArrayDeque<>();
        int bufferedEvents;
        long nextRevision; // the first revision not yet buffered or delivered
        boolean catchingUp;
        boolean compacted;

        Watcher(long id, WatchRequest request) {
            this.id = id;
            this.request = request;
            this.range = new KeyRange(request.key(), request.rangeEnd());
        }
    }

    /** Registers a watcher and returns its id (0, 1, 2, ...). */
    public long create(WatchRequest request) {
        Watcher w = new Watcher(nextId++, request);
        long current = kv.revision();
        w.nextRevision = request.startRevision() <= 0 ? current + 1 : request.startRevision();
        if (w.nextRevision < kv.compactRevision()) {
            w.compacted = true;
        } else if (w.nextRevision <= current) {
            w.catchingUp = true;
        }
        watchers.put(w.id, w);
        if (w.compacted || w.catchingUp) ready.add(w.id);
        return w.id;
    }

    /** Removes the watcher; false if there was none. */
    public boolean cancel(long watchId) {
        ready.remove(watchId);
        return watchers.remove(watchId) != null;
    }

    public int size() {
        return watchers.size();
    }

    public boolean isCatchingUp(long watchId) {
        Watcher w = watchers.get(watchId);
        return w != null && w.catchingUp;
    }

    /**
     * Offers the events of one applied command (all of one revision) to every live watcher. Watchers
     * whose range holds every event and that make the same filter and prev_kv choice get the very
     * same event list, so a front end can encode it once for all of them.
     */
    public void publish(List<Event> events) {
        if (events.isEmpty()) return;
        long revision = events.getFirst().kv().modRevision();
        List<Event>[] shared = sharedLists();
        for (Watcher w : watchers.values()) {
            if (w.catchingUp || w.compacted || revision < w.nextRevision) continue;
            List<Event> matching = matching(w, events, shared);
            w.nextRevision = revision + 1;
            if (matching.isEmpty()) continue;
            if (w.buffer.isEmpty()) ready.add(w.id);
            w.buffer.add(new WatchUpdate.Events(w.id, revision, matching));
            w.bufferedEvents += matching.size();
            if (w.bufferedEvents > maxBufferedEvents) moveToCatchUp(w); // too slow: replay from history later
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Event>[] sharedLists() {
        return (List<Event>[]) new List<?>[8]; // one per (noPut, noDelete, prevKv) choice
    }

    private static List<Event> matching(Watcher w, List<Event> events, List<Event>[] shared) {
        for (Event e : events) {
            if (!w.range.contains(e.kv().key())) return filter(w, events); // a partial match is this watcher's own
        }
        int choice = (w.request.noPut() ? 4 : 0) | (w.request.noDelete() ? 2 : 0) | (w.request.prevKv() ? 1 : 0);
        if (shared[choice] == null) shared[choice] = filter(w, events);
        return shared[choice];
    }

    /**
     * Moves a live watcher to catch-up from history and drops what it had buffered: for a client that
     * stopped reading, so it holds a revision number instead of events. False for an unknown watcher.
     */
    public boolean moveToCatchUp(long watchId) {
        Watcher w = watchers.get(watchId);
        if (w == null) return false;
        if (!w.catchingUp && !w.compacted) moveToCatchUp(w);
        return true;
    }

    private void moveToCatchUp(Watcher w) {
        ready.add(w.id);
        if (!w.buffer.isEmpty()) w.nextRevision = w.buffer.getFirst().revision();
        w.buffer.clear();
        w.bufferedEvents = 0;
        w.catchingUp = true;
    }

    /** True when the watcher has been given every change up to the store's revision (etcd's synced group). */
    public boolean isSynced(long watchId) {
        Watcher w = watchers.get(watchId);
        return w != null && !w.catchingUp && !w.compacted && w.buffer.isEmpty();
    }

    /** Watchers with something for {@link #poll}, in id order. */
    public List<Long> ready() {
        return List.copyOf(ready);
    }

    /**
     * Takes the watcher's next updates, about {@code maxEvents} events (always whole revisions, at
     * least one update if any is pending). Empty for an unknown or idle watcher.
     */
    public List<WatchUpdate> poll(long watchId, int maxEvents) {
        return poll(watchId, maxEvents, Long.MAX_VALUE);
    }

    /**
     * As {@link #poll(long, int)}, and a catch-up update from history also stops after the revision
     * at which its keys and values reach {@code maxBytes}, so one reply to a slow client stays bounded.
     */
    public List<WatchUpdate> poll(long watchId, int maxEvents, long maxBytes) {
        Watcher w = watchers.get(watchId);
        if (w == null) return List.of();
        if (!w.compacted && w.catchingUp && w.nextRevision < kv.compactRevision()) w.compacted = true;
        if (w.compacted) {
            watchers.remove(watchId);
            ready.remove(watchId);
            return List.of(new WatchUpdate.Canceled(watchId, kv.compactRevision()));
        }
        List<WatchUpdate> out = w.catchingUp ? catchUp(w, Math.max(1, maxEvents), maxBytes) : drain(w, Math.max(1, maxEvents));
        if (!w.catchingUp && w.buffer.isEmpty()) ready.remove(watchId);
        return out;
    }

    private List<WatchUpdate> drain(Watcher w, int maxEvents) {
        List<WatchUpdate> out = new ArrayList<>();
        int taken = 0;
        while (!w.buffer.isEmpty() && (out.isEmpty() || taken + w.buffer.peekFirst().events().size() <= maxEvents)) {
            WatchUpdate.Events next = w.buffer.pollFirst();
            taken += next.events().size();
            w.bufferedEvents -= next.events().size();
            out.add(next);
        }
        return out;
    }

    private List<WatchUpdate> catchUp(Watcher w, int maxEvents, long maxBytes) {
        long current = kv.revision();
        while (w.nextRevision <= current) {
            HistoryChunk chunk = kv.history(w.request.key(), w.request.rangeEnd(), w.nextRevision, current, maxEvents);
            List<Event> events = chunk.events();
            w.nextRevision = chunk.nextRevision();
            int cut = byteLimit(events, maxBytes, w.request.prevKv());
            if (cut < events.size()) {
                w.nextRevision = events.get(cut).kv().modRevision(); // the rest follows in the next reply
                events = events.subList(0, cut);
            }
            List<Event> matching = filter(w, events);
            if (w.nextRevision > current) w.catchingUp = false;
            if (!matching.isEmpty()) return List.of(new WatchUpdate.Events(w.id, current, matching));
        }
        w.catchingUp = false;
        return List.of();
    }

    /** How many events to send: whole revisions, at least one, until keys and values reach maxBytes. */
    private static int byteLimit(List<Event> events, long maxBytes, boolean withPrevKv) {
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            boolean revisionStarts = i > 0 && e.kv().modRevision() != events.get(i - 1).kv().modRevision();
            if (revisionStarts && bytes >= maxBytes) return i;
            bytes += e.kv().key().size() + e.kv().value().size();
            if (withPrevKv && e.prevKv().isPresent()) bytes += e.prevKv().get().key().size() + e.prevKv().get().value().size();
        }
        return events.size();
    }

    /** The watcher's events in order, as an unmodifiable list (shared lists keep their identity through copies). */
    private static List<Event> filter(Watcher w, List<Event> events) {
        List<Event> out = new ArrayList<>(events.size());
        for (Event e : events) {
            if (!w.range.contains(e.kv().key())) continue;
            if (e.type() == Event.Type.PUT && w.request.noPut()) continue;
            if (e.type() == Event.Type.DELETE && w.request.noDelete()) continue;
            out.add(w.request.prevKv() || e.prevKv().isEmpty() ? e : new Event(e.type(), e.kv(), Optional.<KeyValue>empty()));
        }
        return List.copyOf(out);
    }
}
