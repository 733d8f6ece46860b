package ketch.node.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.Event;
import ketch.api.kv.KeyValue;
import ketch.api.kv.ResponseHeader;
import org.junit.jupiter.api.Test;

/** etcd's sendFragments over hand-counted protobuf sizes. */
class WatchFragmentsTest {
    private static final ResponseHeader HEADER = new ResponseHeader(1, 2, 5, 3); // 4 fields of 2 bytes: 10 with tag and length
    // key "a" (3) + create 2 (2) + mod 2 (2) + version 1 (2) + value "x" (3) = 12; as an event's kv: 14; in events: 16
    private static final Event PUT = new Event(Event.Type.PUT, new KeyValue(Bytes.of("a"), 2, 2, 1, Bytes.of("x"), 0), Optional.empty());

    @Test
    void sizesAsProtobufCountsThem() {
        assertEquals(14, WatchFragments.eventSize(PUT));
        Event delete = new Event(Event.Type.DELETE, new KeyValue(Bytes.of("a"), 0, 3, 0, Bytes.EMPTY, 0), Optional.of(PUT.kv()));
        assertEquals(2 + (2 + 5) + (2 + 12), WatchFragments.eventSize(delete), "type, kv with key and mod only, prev_kv");
        assertEquals(10, WatchFragments.varint(-1), "a negative int64 takes ten bytes");
        assertEquals(2, WatchFragments.varint(300));
    }

    @Test
    void splitsOnlyAtOrAboveTheLimitAndFillsEachPartBelowIt() {
        List<Event> three = List.of(PUT, PUT, PUT); // 10 + 3 x 16 = 58 bytes
        assertEquals(List.of(three), WatchFragments.split(HEADER, 0, three, 59), "58 < 59: sent whole");
        // fragment=true adds 2: 12 + 16 + 16 = 44 fits 58, a third would make 60
        assertEquals(List.of(List.of(PUT, PUT), List.of(PUT)), WatchFragments.split(HEADER, 0, three, 58));
        assertEquals(List.of(List.of(PUT), List.of(PUT), List.of(PUT)), WatchFragments.split(HEADER, 0, three, 20),
                "each part holds at least one event, even one over the limit");
        assertEquals(List.of(List.of(PUT)), WatchFragments.split(HEADER, 0, List.of(PUT), 1), "one event is never split");
    }
}
