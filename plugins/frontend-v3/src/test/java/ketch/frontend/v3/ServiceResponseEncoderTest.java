package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.Event;
import ketch.api.kv.HashResponse;
import ketch.api.kv.KeyValue;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.LeaseKeepAliveResponse;
import ketch.api.kv.LeaseLeasesResponse;
import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseTimeToLiveResponse;
import ketch.api.kv.Member;
import ketch.api.kv.MemberListResponse;
import ketch.api.kv.ResponseHeader;
import ketch.api.kv.StatusCode;
import ketch.api.kv.StatusResponse;
import ketch.api.kv.WatchResponse;
import org.junit.jupiter.api.Test;

/** The lease, watch, cluster and maintenance bodies captured in etcd-api.md §1.4, byte for byte. */
class ServiceResponseEncoderTest {
    private static final long CLUSTER = Long.parseUnsignedLong("14078308873868676688");
    private static final long MEMBER = Long.parseUnsignedLong("15596371155666589935");
    private static final String NO_REVISION = "{\"cluster_id\":\"14078308873868676688\",\"member_id\":\"15596371155666589935\","
            + "\"raft_term\":\"2\"}";

    private static ResponseHeader header(long revision) {
        return new ResponseHeader(CLUSTER, MEMBER, revision, 2);
    }

    private static String h(long revision) {
        return "{\"cluster_id\":\"14078308873868676688\",\"member_id\":\"15596371155666589935\",\"revision\":\""
                + revision + "\",\"raft_term\":\"2\"}";
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void lease() {
        assertEquals("{\"header\":" + h(12) + ",\"ID\":\"6408518970093008677\",\"TTL\":\"60\"}",
                text(ServiceResponseEncoder.leaseGrant(new LeaseGrantResponse(header(12), 6408518970093008677L, 60))));
        assertEquals("{\"header\":" + h(13) + "}", text(ServiceResponseEncoder.leaseRevoke(new LeaseRevokeResponse(header(13)))));
        assertEquals("{\"result\":{\"header\":" + h(12) + ",\"ID\":\"1234\",\"TTL\":\"30\"}}\n",
                text(ServiceResponseEncoder.keepAliveLine(new LeaseKeepAliveResponse(header(12), 1234, 30))));
        assertEquals("{\"result\":{\"header\":" + h(13) + ",\"ID\":\"1234\"}}\n",
                text(ServiceResponseEncoder.keepAliveLine(new LeaseKeepAliveResponse(header(13), 1234, 0))));
        assertEquals("{\"header\":" + h(12) + ",\"ID\":\"1234\",\"TTL\":\"29\",\"grantedTTL\":\"30\"}",
                text(ServiceResponseEncoder.timeToLive(new LeaseTimeToLiveResponse(header(12), 1234, 29, 30, List.of()))));
        assertEquals("{\"header\":" + h(12) + ",\"ID\":\"1234\",\"TTL\":\"29\",\"grantedTTL\":\"30\",\"keys\":[\"bGVhc2Vk\"]}",
                text(ServiceResponseEncoder.timeToLive(new LeaseTimeToLiveResponse(header(12), 1234, 29, 30,
                        List.of(Bytes.of("leased"))))));
        assertEquals("{\"header\":" + h(12) + ",\"ID\":\"999\",\"TTL\":\"-1\"}",
                text(ServiceResponseEncoder.timeToLive(new LeaseTimeToLiveResponse(header(12), 999, -1, 0, List.of()))));
        assertEquals("{\"header\":" + h(12) + ",\"leases\":[{\"ID\":\"1234\"},{\"ID\":\"6408518970093008677\"}]}",
                text(ServiceResponseEncoder.leases(new LeaseLeasesResponse(header(12), List.of(1234L, 6408518970093008677L)))));
        assertEquals("{\"header\":" + h(12) + "}", text(ServiceResponseEncoder.leases(new LeaseLeasesResponse(header(12), List.of()))));
    }

    @Test
    void watchLines() {
        assertEquals("{\"result\":{\"header\":" + h(14) + ",\"created\":true}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(14), 0, true, false, 0, "", false, List.of()))));
        KeyValue w1 = new KeyValue(Bytes.of("foo"), 10, 15, 3, Bytes.of("w1"), 0);
        KeyValue bar = new KeyValue(Bytes.of("foo"), 10, 11, 2, Bytes.of("bar"), 0);
        assertEquals("{\"result\":{\"header\":" + h(15) + ",\"events\":[{\"kv\":{\"key\":\"Zm9v\",\"create_revision\":\"10\","
                + "\"mod_revision\":\"15\",\"version\":\"3\",\"value\":\"dzE=\"},\"prev_kv\":{\"key\":\"Zm9v\",\"create_revision\":\"10\","
                + "\"mod_revision\":\"11\",\"version\":\"2\",\"value\":\"YmFy\"}}]}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(15), 0, false, false, 0, "", false,
                        List.of(new Event(Event.Type.PUT, w1, Optional.of(bar)))))));
        KeyValue foo5 = new KeyValue(Bytes.of("foo5"), 16, 16, 1, Bytes.of("w2"), 0);
        KeyValue gone = new KeyValue(Bytes.of("foo5"), 0, 17, 0, Bytes.EMPTY, 0);
        assertEquals("{\"result\":{\"header\":" + h(17) + ",\"events\":[{\"type\":\"DELETE\",\"kv\":{\"key\":\"Zm9vNQ==\","
                + "\"mod_revision\":\"17\"},\"prev_kv\":{\"key\":\"Zm9vNQ==\",\"create_revision\":\"16\",\"mod_revision\":\"16\","
                + "\"version\":\"1\",\"value\":\"dzI=\"}}]}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(17), 0, false, false, 0, "", false,
                        List.of(new Event(Event.Type.DELETE, gone, Optional.of(foo5)))))));
        assertEquals("{\"result\":{\"header\":" + NO_REVISION + ",\"canceled\":true,\"compact_revision\":\"8\"}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(0), 0, false, true, 8, "", false, List.of()))));
        assertEquals("{\"result\":{\"header\":" + h(17) + ",\"watch_id\":\"7\",\"created\":true}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(17), 7, true, false, 0, "", false, List.of()))));
        assertEquals("{\"result\":{\"header\":" + h(17) + ",\"watch_id\":\"-1\"}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(17), -1, false, false, 0, "", false, List.of()))));
        String reason = "rpc error: code = InvalidArgument desc = etcdserver: user name is empty";
        assertEquals("{\"result\":{\"header\":" + h(17) + ",\"watch_id\":\"-1\",\"created\":true,\"canceled\":true,"
                + "\"cancel_reason\":\"" + reason + "\"}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(17), -1, true, true, 0, reason, false, List.of()))));
    }

    @Test
    void watchersOfOneRevisionShareOneEncodingOfItsEvents() {
        KeyValue kv = new KeyValue(Bytes.of("k"), 2, 2, 1, Bytes.of("v"), 0);
        List<Event> shared = List.of(new Event(Event.Type.PUT, kv, Optional.empty()));
        String events = "\"events\":[{\"kv\":{\"key\":\"aw==\",\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\","
                + "\"value\":\"dg==\"}}]";
        assertEquals("{\"result\":{\"header\":" + h(2) + "," + events + "}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(2), 0, false, false, 0, "", false, shared))));
        assertEquals("{\"result\":{\"header\":" + h(2) + ",\"watch_id\":\"9\"," + events + "}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(2), 9, false, false, 0, "", false, shared))));
        int[] encodings = {0};
        java.util.function.Function<List<Event>, byte[]> counting = e -> {
            encodings[0]++;
            return ServiceResponseEncoder.eventsArray(e);
        };
        List<Event> fresh = List.copyOf(new java.util.ArrayList<>(shared));
        byte[] first = SharedJson.of(fresh, counting);
        for (int i = 0; i < 1000; i++) {
            org.junit.jupiter.api.Assertions.assertSame(first, SharedJson.of(fresh, counting), "the same bytes, not a new encoding");
        }
        assertEquals(1, encodings[0], "1001 watchers of one list: one encoding");
    }

    @Test
    void fragmentAndProgressLines() {
        KeyValue kv = new KeyValue(Bytes.of("k"), 2, 2, 1, Bytes.EMPTY, 0);
        assertEquals("{\"result\":{\"header\":" + h(3) + ",\"watch_id\":\"1\",\"fragment\":true,\"events\":[{\"kv\":{\"key\":\"aw==\","
                + "\"create_revision\":\"2\",\"mod_revision\":\"2\",\"version\":\"1\"}}]}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(3), 1, false, false, 0, "", true,
                        List.of(new Event(Event.Type.PUT, kv, Optional.empty()))))), "fragment (field 7) comes before events (11)");
        assertEquals("{\"result\":{\"header\":" + h(3) + "}}\n",
                text(ServiceResponseEncoder.watchLine(new WatchResponse(header(3), 0, false, false, 0, "", false, List.of()))),
                "a progress notification for watch 0 is just the header");
    }

    @Test
    void memberList() {
        Member n1 = new Member(MEMBER, "n1", List.of(URI.create("http://127.0.0.1:24380")), List.of(URI.create("http://127.0.0.1:24379")),
                false);
        assertEquals("{\"header\":" + NO_REVISION + ",\"members\":[{\"ID\":\"15596371155666589935\",\"name\":\"n1\","
                + "\"peerURLs\":[\"http://127.0.0.1:24380\"],\"clientURLs\":[\"http://127.0.0.1:24379\"]}]}",
                text(ServiceResponseEncoder.memberList(new MemberListResponse(header(0), List.of(n1)))));
        Member learner = new Member(Long.parseUnsignedLong("13842495579965564029"), "", List.of(URI.create("http://127.0.0.1:24382")),
                List.of(), true);
        assertEquals("{\"header\":" + NO_REVISION + ",\"members\":[{\"ID\":\"13842495579965564029\","
                + "\"peerURLs\":[\"http://127.0.0.1:24382\"],\"isLearner\":true}]}",
                text(ServiceResponseEncoder.memberList(new MemberListResponse(header(0), List.of(learner)))));
    }

    @Test
    void statusHashAndStreamErrors() {
        assertEquals("{\"header\":" + h(17) + ",\"version\":\"3.4.23\",\"dbSize\":\"24576\",\"leader\":\"15596371155666589935\","
                + "\"raftIndex\":\"38\",\"raftTerm\":\"2\",\"raftAppliedIndex\":\"38\",\"dbSizeInUse\":\"16384\"}",
                text(ServiceResponseEncoder.status(new StatusResponse(header(17), "3.4.23", 24576, MEMBER, 38, 2, 38, List.of(),
                        16384, false))));
        assertEquals("{\"header\":" + h(17) + ",\"version\":\"3.4.23\",\"raftAppliedIndex\":\"38\","
                + "\"errors\":[\"memberID:15596371155666589935 alarm:NOSPACE \"],\"isLearner\":true}",
                text(ServiceResponseEncoder.status(new StatusResponse(header(17), "3.4.23", 0, 0, 0, 0, 38,
                        List.of("memberID:15596371155666589935 alarm:NOSPACE "), 0, true))));
        assertEquals("{\"header\":" + h(17) + ",\"hash\":1578794894}",
                text(ServiceResponseEncoder.hash(new HashResponse(header(17), 1578794894, 0))));
        // a uint32 above 2^31 is held in a negative int
        assertEquals("{\"header\":" + h(17) + ",\"hash\":4294967295}", text(ServiceResponseEncoder.hash(new HashResponse(header(17), -1, 0))));
        assertEquals("{\"error\":{\"grpc_code\":2,\"http_code\":500,\"message\":\"auth: user name is empty\","
                + "\"http_status\":\"Internal Server Error\"}}",
                text(ServiceResponseEncoder.streamError(StatusCode.UNKNOWN, "auth: user name is empty")));
    }
}
