package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmResponse;
import ketch.api.kv.AlarmType;
import ketch.api.kv.Event;
import ketch.api.kv.SnapshotChunk;
import ketch.api.kv.HashResponse;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.LeaseKeepAliveResponse;
import ketch.api.kv.LeaseLeasesResponse;
import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseTimeToLiveResponse;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.StatusCode;
import ketch.api.kv.StatusResponse;
import ketch.api.kv.WatchResponse;

/**
 * Writes the watch, lease, cluster and maintenance responses with {@link KvResponseEncoder}'s
 * jsonpb rules: proto names (camelCase where the proto has it: {@code TTL}, {@code ID},
 * {@code peerURLs}), 64-bit integers as strings, uint32 {@code hash} as a number, zero values
 * left out. A stream message is wrapped as {@code {"result":...}} and ends with a newline.
 */
final class ServiceResponseEncoder {
    private ServiceResponseEncoder() {}

    static byte[] leaseGrant(LeaseGrantResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            KvResponseEncoder.int64(g, "ID", r.id());
            KvResponseEncoder.int64(g, "TTL", r.ttl());
            g.writeEndObject();
        });
    }

    static byte[] leaseRevoke(LeaseRevokeResponse r) {
        return headerOnly(r.header());
    }

    static byte[] moveLeader(ketch.api.kv.MoveLeaderResponse r) {
        return headerOnly(r.header());
    }

    private static byte[] headerOnly(ketch.api.kv.ResponseHeader header) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, header);
            g.writeEndObject();
        });
    }

    /** One line of the keep-alive stream. */
    static byte[] keepAliveLine(LeaseKeepAliveResponse r) {
        return line(g -> {
            KvResponseEncoder.header(g, r.header());
            KvResponseEncoder.int64(g, "ID", r.id());
            KvResponseEncoder.int64(g, "TTL", r.ttl());
        });
    }

    static byte[] timeToLive(LeaseTimeToLiveResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            KvResponseEncoder.int64(g, "ID", r.id());
            KvResponseEncoder.int64(g, "TTL", r.ttl());
            KvResponseEncoder.int64(g, "grantedTTL", r.grantedTtl());
            if (!r.keys().isEmpty()) {
                g.writeArrayFieldStart("keys");
                for (Bytes key : r.keys()) {
                    g.writeString(java.util.Base64.getEncoder().encodeToString(key.toByteArray()));
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static byte[] leases(LeaseLeasesResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            if (!r.leases().isEmpty()) {
                g.writeArrayFieldStart("leases");
                for (long id : r.leases()) {
                    g.writeStartObject();
                    KvResponseEncoder.int64(g, "ID", id);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** The header has no revision: the node leaves it 0 for the cluster service, as etcd does. */
    static byte[] memberList(MemberListResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            if (!r.members().isEmpty()) {
                g.writeArrayFieldStart("members");
                for (Member m : r.members()) {
                    member(g, m);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** MemberAddResponse: the new member, then every member. */
    static byte[] memberAdd(ketch.api.kv.MemberAddResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            g.writeFieldName("member");
            member(g, r.member());
            if (!r.members().isEmpty()) {
                g.writeArrayFieldStart("members");
                for (Member m : r.members()) {
                    member(g, m);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    static byte[] status(StatusResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            string(g, "version", r.version());
            KvResponseEncoder.int64(g, "dbSize", r.dbSize());
            KvResponseEncoder.uint64(g, "leader", r.leader());
            KvResponseEncoder.uint64(g, "raftIndex", r.raftIndex());
            KvResponseEncoder.uint64(g, "raftTerm", r.raftTerm());
            KvResponseEncoder.uint64(g, "raftAppliedIndex", r.raftAppliedIndex());
            strings(g, "errors", r.errors());
            KvResponseEncoder.int64(g, "dbSizeInUse", r.dbSizeInUse());
            KvResponseEncoder.bool(g, "isLearner", r.learner());
            g.writeEndObject();
        });
    }

    /** HashResponse: the hash is a uint32, the one integer jsonpb writes as a JSON number. */
    static byte[] hash(HashResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            if (r.hash() != 0) {
                g.writeNumberField("hash", Integer.toUnsignedLong(r.hash()));
            }
            g.writeEndObject();
        });
    }

    /** etcd 3.5's HashKVResponse: header, the uint32 hash as a number, compact_revision. */
    static byte[] hashKv(HashResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, r.header());
            if (r.hash() != 0) {
                g.writeNumberField("hash", Integer.toUnsignedLong(r.hash()));
            }
            KvResponseEncoder.int64(g, "compact_revision", r.compactRevision());
            g.writeEndObject();
        });
    }

    /** etcd 3.4's AlarmResponse: no header; each alarm's member (uint64) and type name, zero values left out. */
    static byte[] alarm(AlarmResponse r) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            if (!r.alarms().isEmpty()) {
                g.writeArrayFieldStart("alarms");
                for (AlarmMember a : r.alarms()) {
                    g.writeStartObject();
                    KvResponseEncoder.uint64(g, "memberID", a.memberId());
                    if (a.alarm() != AlarmType.NONE) {
                        g.writeStringField("alarm", a.alarm().name());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** One line of the snapshot stream (3.4 sends no header): remaining_bytes (uint64) and the base64 blob. */
    static byte[] snapshotLine(SnapshotChunk c) {
        return line(g -> {
            KvResponseEncoder.uint64(g, "remaining_bytes", c.remainingBytes());
            KvResponseEncoder.bytes(g, "blob", c.blob());
        });
    }

    private static final byte[] RESULT_HEADER = ascii("{\"result\":{\"header\":");
    private static final byte[] WATCH_ID = ascii(",\"watch_id\":\"");
    private static final byte[] EVENTS = ascii(",\"events\":");
    private static final byte[] EVENTS_FIRST = ascii("\"events\":");
    private static final byte[] END = ascii("}}\n");

    /**
     * One line of the watch stream. An event line of a live watcher is assembled from shared parts:
     * the header and the events array, each encoded once for every watcher of the revision, with
     * only the watch id written per line. Other lines (created, canceled, fragments, progress) are
     * written field by field; their events, last in proto order (field 11), are still shared.
     */
    static byte[] watchLine(WatchResponse r) {
        boolean plain = !r.created() && !r.canceled() && r.compactRevision() == 0 && r.cancelReason().isEmpty() && !r.fragment();
        if (plain && !r.events().isEmpty()) {
            byte[] header = SharedJson.of(r.header(), ServiceResponseEncoder::headerObject);
            byte[] events = SharedJson.of(r.events(), ServiceResponseEncoder::eventsArray);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(RESULT_HEADER.length + header.length + events.length + 40);
            out.writeBytes(RESULT_HEADER);
            out.writeBytes(header);
            if (r.watchId() != 0) {
                out.writeBytes(WATCH_ID);
                out.writeBytes(ascii(Long.toString(r.watchId())));
                out.write('"');
            }
            out.writeBytes(EVENTS);
            out.writeBytes(events);
            out.writeBytes(END);
            return out.toByteArray();
        }
        byte[] head = line(g -> {
            KvResponseEncoder.header(g, r.header());
            KvResponseEncoder.int64(g, "watch_id", r.watchId());
            KvResponseEncoder.bool(g, "created", r.created());
            KvResponseEncoder.bool(g, "canceled", r.canceled());
            KvResponseEncoder.int64(g, "compact_revision", r.compactRevision());
            string(g, "cancel_reason", r.cancelReason());
            KvResponseEncoder.bool(g, "fragment", r.fragment());
        });
        if (r.events().isEmpty()) {
            return head;
        }
        byte[] events = SharedJson.of(r.events(), ServiceResponseEncoder::eventsArray);
        int open = head.length - END.length; // cut the closing braces, add the events, close again
        byte[] field = head[open - 1] == '{' ? EVENTS_FIRST : EVENTS;
        byte[] out = new byte[open + field.length + events.length + END.length];
        System.arraycopy(head, 0, out, 0, open);
        System.arraycopy(field, 0, out, open, field.length);
        System.arraycopy(events, 0, out, open + field.length, events.length);
        System.arraycopy(END, 0, out, out.length - END.length, END.length);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The header's object, {@code {"cluster_id":...}}, shared by every line of a revision. */
    private static byte[] headerObject(ketch.api.kv.ResponseHeader h) {
        byte[] wrapped = KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            KvResponseEncoder.header(g, h);
            g.writeEndObject();
        });
        int start = "{\"header\":".length();
        return java.util.Arrays.copyOfRange(wrapped, start, wrapped.length - 1);
    }

    /** {@code [event,...]}: the part of a watch line that many watchers share. */
    static byte[] eventsArray(List<Event> events) {
        return KvResponseEncoder.encode(g -> {
            g.writeStartArray();
            for (Event e : events) {
                event(g, e);
            }
            g.writeEndArray();
        });
    }

    /**
     * grpc-gateway's error inside a stream:
     * {@code {"error":{"grpc_code":12,"http_code":501,"message":"...","http_status":"Not Implemented"}}}.
     */
    static byte[] streamError(StatusCode code, String message) {
        int http = GatewayResponses.httpStatus(code);
        return KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("grpc_code", code.number());
            g.writeNumberField("http_code", http);
            g.writeStringField("message", message);
            g.writeStringField("http_status", GatewayResponses.reasonPhrase(http));
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static byte[] line(KvResponseEncoder.Body fields) {
        byte[] json = KvResponseEncoder.encode(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("result");
            fields.write(g);
            g.writeEndObject();
            g.writeEndObject();
        });
        byte[] out = Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n'; // the gateway's delimiter between stream messages
        return out;
    }

    private static void event(JsonGenerator g, Event e) throws IOException {
        g.writeStartObject();
        if (e.type() != Event.Type.PUT) {
            g.writeStringField("type", e.type().name()); // PUT is the enum's zero value: left out
        }
        g.writeFieldName("kv");
        KvResponseEncoder.keyValue(g, e.kv());
        if (e.prevKv().isPresent()) {
            g.writeFieldName("prev_kv");
            KvResponseEncoder.keyValue(g, e.prevKv().get());
        }
        g.writeEndObject();
    }

    private static void member(JsonGenerator g, Member m) throws IOException {
        g.writeStartObject();
        KvResponseEncoder.uint64(g, "ID", m.id());
        string(g, "name", m.name());
        strings(g, "peerURLs", m.peerUrls().stream().map(URI::toString).toList());
        strings(g, "clientURLs", m.clientUrls().stream().map(URI::toString).toList());
        KvResponseEncoder.bool(g, "isLearner", m.learner());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(name);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }
}
