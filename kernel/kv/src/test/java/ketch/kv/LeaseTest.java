package ketch.kv;

import ketch.api.kv.LeaseRevokeResponse;
import ketch.api.kv.LeaseGrantResponse;
import ketch.api.kv.Event;
import static ketch.kv.Fixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/** Item 6: grant, attach, detach, checkpoint, revoke (one revision, delete events), list, snapshot. */
class LeaseTest {
    private final Fixture f = new Fixture();

    private void leasedPut(String k, long lease) {
        f.put(new PutRequest(b(k), b("v"), lease, false, false, false));
    }

    @Test
    void grantAnswersWithIdTtlAndTheCurrentRevision() {
        f.put("x", "1");
        var r = f.apply(new KvCommand.LeaseGrant(1234, 30)).responseAs(LeaseGrantResponse.class);
        assertEquals(1234, r.id());
        assertEquals(30, r.ttl());
        assertEquals(2, r.header().revision());
        assertEquals(2, f.kv.revision(), "granting writes no key");
        assertEquals(Optional.of(new LeaseInfo(1234, 30, 0, List.of())), f.kv.lease(1234));
    }

    @Test
    void grantErrors() {
        f.apply(new KvCommand.LeaseGrant(5, 10));
        KvException exists = f.failure(new KvCommand.LeaseGrant(5, 10));
        assertEquals("etcdserver: lease already exists", exists.getMessage());
        assertEquals(StatusCode.FAILED_PRECONDITION, exists.code());
        KvException tooLarge = f.failure(new KvCommand.LeaseGrant(6, 9_000_000_001L));
        assertEquals("etcdserver: too large lease TTL", tooLarge.getMessage());
        assertEquals(StatusCode.OUT_OF_RANGE, tooLarge.code());
        assertEquals("etcdserver: requested lease not found", f.failure(new KvCommand.LeaseGrant(0, 10)).getMessage());
        assertEquals(1, f.kv.leases().size());
    }

    @Test
    void keysAttachAndDetachAsPutsAndDeletesHappen() {
        f.apply(new KvCommand.LeaseGrant(1, 60));
        f.apply(new KvCommand.LeaseGrant(2, 60));
        leasedPut("a", 1);
        leasedPut("b", 1);
        leasedPut("c", 2);
        assertEquals(List.of(b("a"), b("b")), f.kv.lease(1).orElseThrow().keys());
        leasedPut("b", 2); // moves b to lease 2
        f.put("a", "no lease"); // detaches a
        assertEquals(List.of(), f.kv.lease(1).orElseThrow().keys());
        assertEquals(List.of(b("b"), b("c")), f.kv.lease(2).orElseThrow().keys());
        f.delete("c");
        assertEquals(List.of(b("b")), f.kv.lease(2).orElseThrow().keys());
    }

    @Test
    void revokeDeletesAttachedKeysInOneRevisionWithDeleteEvents() {
        f.apply(new KvCommand.LeaseGrant(9, 60));
        leasedPut("z", 9); // 2
        leasedPut("m", 9); // 3
        f.put("other", "1"); // 4
        ApplyResult r = f.apply(new KvCommand.LeaseRevoke(9));
        assertEquals(5, r.responseAs(LeaseRevokeResponse.class).header().revision());
        assertEquals(List.of("m", "z"), r.events().stream().map(e -> e.kv().key().toStringUtf8()).toList(), "key order");
        assertTrue(r.events().stream().allMatch(e -> e.type() == Event.Type.DELETE && e.kv().modRevision() == 5));
        assertEquals(Optional.empty(), f.kv.lease(9));
        assertEquals(List.of("other"), Fixture.keys(f.range(Fixture.rangeReq(Fixture.ALL, Fixture.ALL))));
        assertEquals("etcdserver: requested lease not found", f.failure(new KvCommand.LeaseRevoke(9)).getMessage());
        assertEquals(StatusCode.NOT_FOUND, f.failure(new KvCommand.LeaseRevoke(9)).code());
    }

    @Test
    void revokingALeaseWithoutKeysDoesNotBumpTheRevision() {
        f.apply(new KvCommand.LeaseGrant(3, 60));
        ApplyResult r = f.apply(new KvCommand.LeaseRevoke(3));
        assertEquals(1, r.responseAs(LeaseRevokeResponse.class).header().revision());
        assertTrue(r.events().isEmpty());
    }

    @Test
    void aTxnPutWithALeaseAttachesAndARevokedLeaseIsNotFound() {
        f.apply(new KvCommand.LeaseGrant(4, 60));
        f.txn(new TxnRequest(List.of(), List.of(new RequestOp.Put(new PutRequest(b("t"), b("v"), 4, false, false, false))), List.of()));
        assertEquals(List.of(b("t")), f.kv.lease(4).orElseThrow().keys());
        f.apply(new KvCommand.LeaseRevoke(4));
        assertEquals("etcdserver: requested lease not found",
                f.failure(new KvCommand.Put(new PutRequest(b("t"), b("v"), 4, false, false, false))).getMessage());
    }

    @Test
    void checkpointRecordsTheRemainingTtlAndIgnoresUnknownLeases() {
        f.apply(new KvCommand.LeaseGrant(8, 100));
        f.apply(new KvCommand.LeaseCheckpoint(8, 42));
        assertEquals(42, f.kv.lease(8).orElseThrow().checkpointedRemainingTtl());
        assertTrue(f.apply(new KvCommand.LeaseCheckpoint(99, 1)) instanceof ApplyResult.Success);
        assertEquals(List.of(8L), f.kv.leases().stream().map(LeaseInfo::id).toList());
    }

    @Test
    void leasesSurviveASnapshot() {
        f.apply(new KvCommand.LeaseGrant(2, 60));
        f.apply(new KvCommand.LeaseGrant(1, 30));
        f.apply(new KvCommand.LeaseCheckpoint(2, 17));
        leasedPut("a", 2);
        leasedPut("b", 1);
        f.delete(new DeleteRangeRequest(b("b"), Bytes.EMPTY, false));
        leasedPut("c", 2);
        KvStateMachine restored = KvStateMachine.restore(f.kv.snapshot(), 1, 1);
        assertEquals(f.kv.leases(), restored.leases());
        assertEquals(List.of(new LeaseInfo(1, 30, 0, List.of()), new LeaseInfo(2, 60, 17, List.of(b("a"), b("c")))), restored.leases());
    }
}
