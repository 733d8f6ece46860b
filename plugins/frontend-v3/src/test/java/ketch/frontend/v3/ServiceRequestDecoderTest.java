package ketch.frontend.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import ketch.api.Bytes;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.WatchCreateRequest;
import org.junit.jupiter.api.Test;

/** The watch, lease and maintenance requests of etcd-api.md §1.3/§1.4, decoded with jsonpb's rules. */
class ServiceRequestDecoderTest {
    private static byte[] b(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String error(Runnable decode) {
        return assertThrows(BadJsonException.class, decode::run).getMessage();
    }

    @Test
    void watchRequests() {
        ServiceRequestDecoder d = new ServiceRequestDecoder();
        assertEquals(new WatchMessage.Create(new WatchCreateRequest(Bytes.of("foo"), Bytes.of("fop"), 0, false, false, false, true,
                0, false)), d.watch(b("{\"create_request\":{\"key\":\"Zm9v\",\"range_end\":\"Zm9w\",\"prev_kv\":true}}")));
        // lowerCamel names, int64 as string or number, filters by name or number
        assertEquals(new WatchMessage.Create(new WatchCreateRequest(Bytes.of("foo"), Bytes.of("fop"), 10, true, true, true, true,
                7, true)), d.watch(b("{\"createRequest\":{\"key\":\"Zm9v\",\"rangeEnd\":\"Zm9w\",\"startRevision\":\"10\","
                + "\"progressNotify\":true,\"filters\":[\"NOPUT\",1],\"prevKv\":true,\"watchId\":7,\"fragment\":true}}")));
        assertEquals(new WatchMessage.Create(WatchCreateRequest.ofKey(Bytes.of("foo"))),
                d.watch(b("{\"create_request\":{\"key\":\"Zm9v\",\"filters\":[9],\"bogus\":1}}")));
        assertEquals(new WatchMessage.Cancel(0), d.watch(b("{\"cancel_request\":{\"watch_id\":\"0\"}}")));
        assertEquals(new WatchMessage.Cancel(3), d.watch(b("{\"cancelRequest\":{\"watchId\":3}}")));
        assertEquals(new WatchMessage.Progress(), d.watch(b("{\"progress_request\":{}}")));
        assertEquals(new WatchMessage.Empty(), d.watch(b("{}")));
        assertEquals(new WatchMessage.Empty(), d.watch(b("null")));
        assertEquals(new WatchMessage.Empty(), d.watch(b("{\"create_request\":null}")));
    }

    @Test
    void badWatchRequests() {
        ServiceRequestDecoder d = new ServiceRequestDecoder();
        assertEquals("unexpected EOF", error(() -> d.watch(b("{\"create_request\":"))));
        assertEquals("json: cannot unmarshal number into Go value of type []uint8",
                error(() -> d.watch(b("{\"create_request\":{\"key\":5}}"))));
        assertEquals("json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
                error(() -> d.watch(b("{\"create_request\":\"x\"}"))));
        assertEquals("json: cannot unmarshal number into Go value of type map[string]json.RawMessage",
                error(() -> d.watch(b("{\"cancel_request\":5}"))));
        assertEquals("unknown value \"BOGUS\" for enum etcdserverpb.WatchCreateRequest_FilterType",
                error(() -> d.watch(b("{\"create_request\":{\"filters\":[\"BOGUS\"]}}"))));
        assertEquals("json: cannot unmarshal string into Go value of type []json.RawMessage",
                error(() -> d.watch(b("{\"create_request\":{\"filters\":\"NOPUT\"}}"))));
        assertEquals("json: cannot unmarshal array into Go value of type map[string]json.RawMessage",
                error(() -> d.watch(b("[]"))));
    }

    @Test
    void leaseRequests() {
        ServiceRequestDecoder d = new ServiceRequestDecoder();
        assertEquals(new LeaseGrantRequest(60, 0), d.leaseGrant(b("{\"TTL\":60}")));
        assertEquals(new LeaseGrantRequest(30, 1234), d.leaseGrant(b("{\"TTL\":30,\"ID\":\"1234\"}")));
        assertEquals(new LeaseGrantRequest(100000000000L, 0), d.leaseGrant(b("{\"TTL\":\"100000000000\"}")));
        assertEquals(new LeaseGrantRequest(0, 0), d.leaseGrant(b("{\"ttl\":5,\"id\":6}"))); // jsonpb knows TTL and ID only
        assertEquals(new LeaseGrantRequest(0, 0), d.leaseGrant(b("")));
        assertEquals(1234, d.leaseId(b("{\"ID\":\"1234\"}")));
        assertEquals(777, d.leaseId(b("{\"ID\":777}")));
        assertEquals(new ServiceRequests.TimeToLive(1234, true), d.timeToLive(b("{\"ID\":\"1234\",\"keys\":true}")));
        assertEquals(new ServiceRequests.TimeToLive(999, false), d.timeToLive(b("{\"ID\":\"999\"}")));

        assertEquals("unexpected EOF", error(() -> d.leaseId(b("{\"ID\":"))));
        assertEquals("invalid character 'x' looking for beginning of value", error(() -> d.leaseId(b("{\"ID\":\"x\"}"))));
        assertEquals("json: cannot unmarshal string into Go value of type bool",
                error(() -> d.timeToLive(b("{\"ID\":1,\"keys\":\"yes\"}"))));
        assertEquals("json: cannot unmarshal number 1.5 into Go value of type int64", error(() -> d.leaseGrant(b("{\"TTL\":1.5}"))));
    }

    @Test
    void maintenanceRequests() {
        ServiceRequestDecoder d = new ServiceRequestDecoder();
        assertEquals(new ServiceRequests.Alarm(0, 0, 0), d.alarm(b("{}")));
        assertEquals(new ServiceRequests.Alarm(1, Long.parseUnsignedLong("15596371155666589935"), 1),
                d.alarm(b("{\"action\":\"ACTIVATE\",\"memberID\":\"15596371155666589935\",\"alarm\":\"NOSPACE\"}")));
        assertEquals(new ServiceRequests.Alarm(2, 0, 1), d.alarm(b("{\"action\":2,\"alarm\":1}")));
        assertEquals(new ServiceRequests.Alarm(7, 0, 0), d.alarm(b("{\"action\":7}")), "the gateway refuses it");
        assertEquals(3, d.hashKvRevision(b("{\"revision\":\"3\"}")));
        assertEquals(0, d.hashKvRevision(b("{}")));
        assertEquals("unknown value \"BOGUS\" for enum etcdserverpb.AlarmRequest_AlarmAction",
                error(() -> d.alarm(b("{\"action\":\"BOGUS\"}"))));
        assertEquals("unknown value \"FULL\" for enum etcdserverpb.AlarmType", error(() -> d.alarm(b("{\"alarm\":\"FULL\"}"))));
        // memberID is a uint64: the whole range, as number or string, and nothing outside it
        assertEquals(-1L, d.alarm(b("{\"memberID\":18446744073709551615}")).memberId());
        assertEquals(Long.parseUnsignedLong("15596371155666589935"), d.alarm(b("{\"memberID\":\"15596371155666589935\"}")).memberId());
        assertEquals("invalid character 'x' looking for beginning of value", error(() -> d.alarm(b("{\"memberID\":\"x\"}"))));
        assertEquals("json: cannot unmarshal number -1 into Go value of type uint64",
                error(() -> d.alarm(b("{\"memberID\":-1}"))));
        assertEquals("json: cannot unmarshal number 18446744073709551616 into Go value of type uint64",
                error(() -> d.alarm(b("{\"memberID\":\"18446744073709551616\"}"))));
        assertEquals("json: cannot unmarshal bool into Go value of type uint64", error(() -> d.alarm(b("{\"memberID\":true}"))));
        assertEquals("json: cannot unmarshal number -0 into Go value of type uint64", error(() -> d.alarm(b("{\"memberID\":\"-0\"}"))));

        d.noFields(b("{\"revision\":\"0\"}")); // hash with a HashKV body: etcd 3.4 answers it as Hash
        d.noFields(b(""));
        assertEquals("unexpected EOF", error(() -> d.noFields(b("{"))));
        assertEquals("json: cannot unmarshal string into Go value of type map[string]json.RawMessage",
                error(() -> d.noFields(b("\"x\""))));
    }
}
