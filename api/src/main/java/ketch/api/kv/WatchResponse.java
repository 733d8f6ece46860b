package ketch.api.kv;

import java.util.List;
import java.util.Objects;

/**
 * etcd's WatchResponse. A progress notification has no events; {@code watchId} -1 answers a
 * stream-wide progress request, as etcd does.
 */
public record WatchResponse(ResponseHeader header, long watchId, boolean created, boolean canceled, long compactRevision,
        String cancelReason, boolean fragment, List<Event> events) {
    public WatchResponse {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(cancelReason, "cancelReason");
        events = List.copyOf(events);
    }
}
