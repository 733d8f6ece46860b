package ketch.kv.watch;

import java.util.List;
import ketch.api.kv.Event;

/** What the hub has for one watcher, in order; the node turns each into a WatchResponse. */
public sealed interface WatchUpdate {
    long watchId();

    /**
     * Changes for the watcher: a live update holds one revision and {@code revision} is it; a
     * catch-up update from history may hold several and {@code revision} is the store's revision.
     */
    record Events(long watchId, long revision, List<Event> events) implements WatchUpdate {
        public Events {
            events = List.copyOf(events);
        }
    }

    /** The watcher ended because the history it needs was compacted; it is removed from the hub. */
    record Canceled(long watchId, long compactRevision) implements WatchUpdate {}
}
