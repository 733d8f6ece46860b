package ketch.frontend.v3;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import ketch.api.kv.Event;

/**
 * The JSON array of a watch response's events, encoded once per event list and shared: the node
 * hands every watcher with the same range coverage and filter choice the very same list for a
 * revision, so 10,000 watchers of one key cost one encoding, not 10,000. A small table keyed by the
 * list's identity remembers the last encodings; a lost race only encodes twice, never wrongly,
 * because an entry is immutable and checked by identity.
 */
final class SharedEventsJson {
    private static final int SLOTS = 64; // a power of two: many revisions in flight across event loops
    private static final AtomicReferenceArray<Encoded> TABLE = new AtomicReferenceArray<>(SLOTS);

    private record Encoded(List<Event> events, byte[] json) {}

    private SharedEventsJson() {}

    /** {@code [event,...]} for this list; the array must not be modified by the caller. */
    static byte[] of(List<Event> events, java.util.function.Function<List<Event>, byte[]> encoder) {
        int slot = System.identityHashCode(events) & (SLOTS - 1);
        Encoded e = TABLE.get(slot);
        if (e != null && e.events == events) {
            return e.json;
        }
        byte[] json = encoder.apply(events);
        TABLE.set(slot, new Encoded(events, json));
        return json;
    }
}
