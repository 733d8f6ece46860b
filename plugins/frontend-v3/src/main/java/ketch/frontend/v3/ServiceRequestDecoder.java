package ketch.frontend.v3;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.WatchCreateRequest;
import ketch.frontend.v3.JsonMessages.MessageReader;

/**
 * The watch, lease, cluster and maintenance requests, read with the same jsonpb rules as the KV
 * ones ({@link JsonMessages}, {@link JsonValues}): proto and lowerCamel names, int64 as number or
 * string, enums as name or number, unknown fields ignored. One instance per body.
 */
final class ServiceRequestDecoder {
    private static final List<String> FILTERS = List.of("NOPUT", "NODELETE");
    private static final List<String> ALARM_ACTIONS = List.of("GET", "ACTIVATE", "DEACTIVATE");
    private static final List<String> ALARM_TYPES = List.of("NONE", "NOSPACE", "CORRUPT");
    private static final String FILTER_TYPE = "etcdserverpb.WatchCreateRequest_FilterType";
    private static final String ALARM_ACTION_TYPE = "etcdserverpb.AlarmRequest_AlarmAction";
    private static final String ALARM_TYPE = "etcdserverpb.AlarmType";

    private static final MessageFields WATCH = MessageFields.of("create_request", "cancel_request", "progress_request");
    private static final MessageFields WATCH_CREATE = MessageFields.of("key", "range_end", "start_revision",
            "progress_notify", "filters", "prev_kv", "watch_id", "fragment");
    private static final MessageFields WATCH_CANCEL = MessageFields.of("watch_id");
    private static final MessageFields LEASE_GRANT = MessageFields.of("TTL", "ID");
    private static final MessageFields LEASE_ID = MessageFields.of("ID");
    private static final MessageFields LEASE_TIME_TO_LIVE = MessageFields.of("ID", "keys");
    private static final MessageFields ALARM = MessageFields.of("action", "memberID", "alarm");
    private static final MessageFields NO_FIELDS = MessageFields.of();
    private static final MessageFields MOVE_LEADER = MessageFields.of("targetID");
    private static final MessageFields MEMBER_ADD = MessageFields.of("peerURLs", "isLearner");
    private static final MessageFields MEMBER_ID = MessageFields.of("ID");
    private static final MessageFields MEMBER_UPDATE = MessageFields.of("ID", "peerURLs");
    private static final MessageFields HASH_KV = MessageFields.of("revision");

    private byte[] source = new byte[0];

    WatchMessage watch(byte[] body) {
        return document(body, this::watch);
    }

    LeaseGrantRequest leaseGrant(byte[] body) {
        return document(body, p -> {
            FieldSlots f = JsonMessages.fields(p, LEASE_GRANT, (index, parser) -> JsonValues.int64(parser, source));
            return new LeaseGrantRequest(f.int64(0), f.int64(1));
        });
    }

    /** LeaseRevokeRequest and LeaseKeepAliveRequest: just the lease's ID. */
    long leaseId(byte[] body) {
        return document(body, p -> JsonMessages.fields(p, LEASE_ID, (index, parser) -> JsonValues.int64(parser, source))
                .int64(0));
    }

    ServiceRequests.TimeToLive timeToLive(byte[] body) {
        return document(body, p -> {
            FieldSlots f = JsonMessages.fields(p, LEASE_TIME_TO_LIVE, (index, parser) -> index == 0
                    ? JsonValues.int64(parser, source) : JsonValues.bool(parser));
            return new ServiceRequests.TimeToLive(f.int64(0), f.bool(1));
        });
    }

    /** MoveLeaderRequest: the member to hand leadership to (uint64). */
    long moveLeaderTarget(byte[] body) {
        return document(body, p -> JsonMessages.fields(p, MOVE_LEADER, (index, parser) -> JsonValues.uint64(parser, source))
                .int64(0));
    }

    /** MemberAddRequest. */
    ServiceRequests.MemberAdd memberAdd(byte[] body) {
        return document(body, p -> {
            FieldSlots f = JsonMessages.fields(p, MEMBER_ADD, (index, parser) -> index == 0 ? strings(parser) : JsonValues.bool(parser));
            return new ServiceRequests.MemberAdd(stringList(f, 0), f.bool(1));
        });
    }

    /** MemberRemoveRequest and MemberPromoteRequest: the member's ID (uint64). */
    long memberId(byte[] body) {
        return document(body, p -> JsonMessages.fields(p, MEMBER_ID, (index, parser) -> JsonValues.uint64(parser, source)).int64(0));
    }

    /** MemberUpdateRequest. */
    ServiceRequests.MemberUpdate memberUpdate(byte[] body) {
        return document(body, p -> {
            FieldSlots f = JsonMessages.fields(p, MEMBER_UPDATE, (index, parser) -> index == 0
                    ? JsonValues.uint64(parser, source) : strings(parser));
            return new ServiceRequests.MemberUpdate(f.int64(0), stringList(f, 1));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(FieldSlots f, int index) {
        return f.has(index) ? (List<String>) f.get(index) : List.of();
    }

    /** A repeated string: an array of strings; null elements are empty strings, as in Go. */
    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw JsonValues.mismatch(p, "[]string");
        }
        List<String> out = new ArrayList<>();
        BadJsonException first = null;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            try {
                if (token == JsonToken.VALUE_NULL) {
                    out.add("");
                } else if (token == JsonToken.VALUE_STRING) {
                    out.add(p.getText());
                } else {
                    throw JsonValues.mismatch(p, "string");
                }
            } catch (BadJsonException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    /** A request whose fields the gateway does not use (leases, member list, status, hash...): only checked. */
    void noFields(byte[] body) {
        document(body, p -> JsonMessages.fields(p, NO_FIELDS, (index, parser) -> null));
    }

    /** An AlarmRequest; enum numbers etcd has no name for are passed on for the gateway to refuse. */
    ServiceRequests.Alarm alarm(byte[] body) {
        return document(body, p -> {
            FieldSlots f = JsonMessages.fields(p, ALARM, (index, parser) -> switch (index) {
                case 0 -> JsonValues.enumNumber(parser, source, ALARM_ACTION_TYPE, ALARM_ACTIONS);
                case 1 -> JsonValues.uint64(parser, source);
                default -> JsonValues.enumNumber(parser, source, ALARM_TYPE, ALARM_TYPES);
            });
            return new ServiceRequests.Alarm(f.number(0), f.int64(1), f.number(2));
        });
    }

    /** HashKVRequest: the revision to hash up to (0 = current). */
    long hashKvRevision(byte[] body) {
        return document(body, p -> JsonMessages.fields(p, HASH_KV, (index, parser) -> JsonValues.int64(parser, source)).int64(0));
    }

    private <T> T document(byte[] body, MessageReader<T> reader) {
        source = body;
        return JsonMessages.document(body, reader);
    }

    private WatchMessage watch(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, WATCH, (index, parser) -> switch (index) {
            case 0 -> JsonMessages.message(parser, this::watchCreate);
            case 1 -> JsonMessages.message(parser, this::watchCancel);
            default -> JsonMessages.message(parser, q -> {
                JsonMessages.fields(q, NO_FIELDS, (i, r) -> null);
                return new WatchMessage.Progress();
            });
        });
        for (int index = WATCH.size() - 1; index >= 0; index--) {
            if (f.has(index)) {
                return (WatchMessage) f.get(index); // the last member of the oneof wins, as in the txn ops
            }
        }
        return new WatchMessage.Empty();
    }

    private WatchMessage watchCreate(JsonParser p) throws IOException {
        FieldSlots f = JsonMessages.fields(p, WATCH_CREATE, (index, parser) -> switch (index) {
            case 0, 1 -> JsonValues.bytes(parser);
            case 2, 6 -> JsonValues.int64(parser, source);
            case 4 -> filters(parser);
            default -> JsonValues.bool(parser);
        });
        boolean noPut = false;
        boolean noDelete = false;
        if (f.has(4)) {
            for (int filter : (int[]) f.get(4)) {
                noPut |= filter == 0;
                noDelete |= filter == 1; // etcd ignores numbers it has no filter for
            }
        }
        return new WatchMessage.Create(new WatchCreateRequest(f.bytes(0), f.bytes(1), f.int64(2), f.bool(3), noPut,
                noDelete, f.bool(5), f.int64(6), f.bool(7)));
    }

    private WatchMessage watchCancel(JsonParser p) throws IOException {
        return new WatchMessage.Cancel(JsonMessages.fields(p, WATCH_CANCEL, (index, parser) -> JsonValues.int64(parser, source))
                .int64(0));
    }

    /** A repeated enum: an array of names or numbers; null elements are the zero value. */
    private int[] filters(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw JsonValues.mismatch(p, JsonValues.REPEATED);
        }
        List<Integer> out = new ArrayList<>();
        BadJsonException first = null;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            try {
                out.add(token == JsonToken.VALUE_NULL ? 0 : JsonValues.enumNumber(p, source, FILTER_TYPE, FILTERS));
            } catch (BadJsonException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
