package ketch.frontend.v3;

import ketch.api.kv.WatchCreateRequest;

/** One object of a /v3/watch body: etcd's WatchRequest, whose oneof names at most one of these. */
sealed interface WatchMessage {
    record Create(WatchCreateRequest request) implements WatchMessage {}

    record Cancel(long watchId) implements WatchMessage {}

    record Progress() implements WatchMessage {}

    /** An object that names none of the three (e.g. {@code {}}): etcd ignores it. */
    record Empty() implements WatchMessage {}
}
