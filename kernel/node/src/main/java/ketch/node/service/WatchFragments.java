package ketch.node.service;

import java.util.ArrayList;
import java.util.List;
import ketch.api.kv.Event;
import ketch.api.kv.KeyValue;
import ketch.api.kv.ResponseHeader;

/**
 * etcd's sendFragments for a watch created with {@code fragment: true}: a response whose protobuf
 * size reaches the limit is split into several, each filled with events until the next would reach
 * it (at least one event each). Sizes are counted as protobuf encodes etcd's WatchResponse, so the
 * split points are the ones a real etcd picks, whatever the wire encoding here.
 */
final class WatchFragments {
    /** etcd adds gRPC's overhead to max-request-bytes for the watch limit (v3rpc grpcOverheadBytes). */
    static final long GRPC_OVERHEAD_BYTES = 512 * 1024;

    private WatchFragments() {}

    /**
     * The event lists of the responses to send, in order; one list (the input) when no split is
     * needed. Every list but the last goes out with {@code fragment: true}.
     */
    static List<List<Event>> split(ResponseHeader header, long watchId, List<Event> events, long limitBytes) {
        long fixed = field(message(headerSize(header))) + int64Field(watchId);
        long total = fixed;
        for (Event e : events) total += field(message(eventSize(e)));
        if (total < limitBytes || events.size() < 2) return List.of(events);
        long fragmentFixed = fixed + 2; // fragment=true is itself a field
        List<List<Event>> out = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            long size = fragmentFixed;
            int start = i;
            while (i < events.size()) {
                long next = size + field(message(eventSize(events.get(i))));
                if (i > start && next >= limitBytes) break;
                size = next;
                i++;
            }
            out.add(List.copyOf(events.subList(start, i)));
        }
        return out;
    }

    static long eventSize(Event e) {
        long size = e.type() == Event.Type.PUT ? 0 : 1 + varint(e.type().ordinal());
        size += field(message(keyValueSize(e.kv())));
        if (e.prevKv().isPresent()) size += field(message(keyValueSize(e.prevKv().get())));
        return size;
    }

    private static long keyValueSize(KeyValue kv) {
        return bytesField(kv.key().size()) + int64Field(kv.createRevision()) + int64Field(kv.modRevision()) + int64Field(kv.version())
                + bytesField(kv.value().size()) + int64Field(kv.lease());
    }

    private static long headerSize(ResponseHeader h) {
        return int64Field(h.clusterId()) + int64Field(h.memberId()) + int64Field(h.revision()) + int64Field(h.raftTerm());
    }

    /** A length-delimited field's length prefix and body; the tag byte is added by {@link #field}. */
    private static long message(long bodySize) {
        return varint(bodySize) + bodySize;
    }

    /** A field with a one-byte tag (every field number here is below 16). */
    private static long field(long encoded) {
        return 1 + encoded;
    }

    private static long int64Field(long value) {
        return value == 0 ? 0 : 1 + varint(value); // proto3 leaves zero values out
    }

    private static long bytesField(long length) {
        return length == 0 ? 0 : 1 + message(length);
    }

    /** Bytes of a varint; a negative int64 takes ten. */
    static int varint(long value) {
        if (value < 0) return 10;
        int n = 1;
        while (value >= 0x80) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
