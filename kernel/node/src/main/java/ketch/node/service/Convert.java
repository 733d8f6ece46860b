package ketch.node.service;

import java.util.List;
import ketch.api.kv.Event;
import ketch.api.kv.ResponseHeader;

/** Maps the kv module's records to the api's where the two still differ. */
final class Convert {
    private Convert() {}

    static Event event(ketch.kv.Event e) {
        return new Event(Event.Type.valueOf(e.type().name()), e.kv(), e.prevKv());
    }

    static List<Event> events(List<ketch.kv.Event> events) {
        return events.stream().map(Convert::event).toList();
    }

    static ResponseHeader header(long clusterId, long memberId, long revision, long raftTerm) {
        return new ResponseHeader(clusterId, memberId, revision, raftTerm);
    }
}
