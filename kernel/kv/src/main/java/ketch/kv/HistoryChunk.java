package ketch.kv;

import ketch.api.kv.Event;
import java.util.List;

/**
 * A slice of recorded changes: whole revisions in (revision, sub) order, and the revision to read
 * from next (past the requested end when the slice reached it).
 */
public record HistoryChunk(List<Event> events, long nextRevision) {
    public HistoryChunk {
        events = List.copyOf(events);
    }
}
