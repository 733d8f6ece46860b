package ketch.kv;

import static ketch.kv.Fixture.b;
import static ketch.kv.Fixture.deleteOp;
import static ketch.kv.Fixture.getOp;
import static ketch.kv.Fixture.putOp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmResponse;
import ketch.api.kv.AlarmType;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RequestOp;
import ketch.api.kv.StatusCode;
import ketch.api.kv.TxnRequest;
import org.junit.jupiter.api.Test;

/** Alarms as replicated state, and what etcd's capped and corrupt appliers refuse while one is raised. */
class AlarmTest {
    private static final AlarmMember NOSPACE = new AlarmMember(5, AlarmType.NOSPACE);
    private static final AlarmMember CORRUPT = new AlarmMember(9, AlarmType.CORRUPT);
    private final Fixture f = new Fixture();

    private List<AlarmMember> activate(AlarmMember a) {
        return f.apply(new KvCommand.Alarm(true, a)).responseAs(AlarmResponse.class).alarms();
    }

    private List<AlarmMember> deactivate(AlarmMember a) {
        return f.apply(new KvCommand.Alarm(false, a)).responseAs(AlarmResponse.class).alarms();
    }

    @Test
    void activateAnswersTheAlarmEvenTwiceAndDeactivateOnlyWhenRaised() {
        assertEquals(List.of(), deactivate(NOSPACE), "clearing an alarm that is not raised answers nothing");
        assertEquals(List.of(NOSPACE), activate(NOSPACE));
        assertEquals(List.of(NOSPACE), activate(NOSPACE), "etcd answers a repeated activation with the alarm");
        assertEquals(List.of(NOSPACE), f.kv.alarms(AlarmType.NONE));
        assertEquals(List.of(NOSPACE), deactivate(NOSPACE));
        assertEquals(List.of(), deactivate(NOSPACE));
        assertEquals(List.of(), f.kv.alarms(AlarmType.NONE));
    }

    @Test
    void listingFiltersByTypeAndOrdersByUnsignedMemberThenType() {
        AlarmMember big = new AlarmMember(Long.parseUnsignedLong("15596371155666589935"), AlarmType.NOSPACE);
        AlarmMember none = new AlarmMember(7, AlarmType.NONE);
        activate(big);
        activate(CORRUPT);
        activate(none);
        activate(NOSPACE);
        assertEquals(List.of(NOSPACE, none, CORRUPT, big), f.kv.alarms(AlarmType.NONE));
        assertEquals(List.of(NOSPACE, big), f.kv.alarms(AlarmType.NOSPACE));
        assertEquals(List.of(CORRUPT), f.kv.alarms(AlarmType.CORRUPT));
    }

    @Test
    void activationWithNeitherMemberNorTypeIsRefusedNotStored() {
        KvException e = f.failure(new KvCommand.Alarm(true, new AlarmMember(0, AlarmType.NONE)));
        assertEquals(StatusCode.INVALID_ARGUMENT, e.code());
        assertEquals(List.of(), f.kv.alarms(AlarmType.NONE));
        assertEquals(List.of(), deactivate(new AlarmMember(0, AlarmType.NONE)), "etcd answers {} to an empty DEACTIVATE");
        assertEquals(List.of(new AlarmMember(0, AlarmType.NOSPACE)), activate(new AlarmMember(0, AlarmType.NOSPACE)),
                "member 0 with a type is a valid alarm in etcd");
    }

    @Test
    void noSpaceRefusesWritesThatCostSpaceAndKeepsTheRestWorking() {
        f.put("a", "1"); // 2
        f.apply(new KvCommand.LeaseGrant(100, 60));
        activate(NOSPACE);
        KvException put = f.failure(new KvCommand.Put(PutRequest.of(b("b"), b("1"))));
        assertEquals(StatusCode.RESOURCE_EXHAUSTED, put.code());
        assertEquals("etcdserver: mvcc: database space exceeded", put.getMessage());
        assertEquals(KvException.noSpace().getMessage(), f.failure(new KvCommand.Txn(
                new TxnRequest(List.of(), List.of(), List.of(putOp("b", "1"))))).getMessage(), "a put in either branch");
        assertEquals(KvException.noSpace().getMessage(), f.failure(new KvCommand.LeaseGrant(200, 60)).getMessage());
        assertEquals(2, f.kv.revision(), "nothing was written");

        f.txn(new TxnRequest(List.of(), List.of(getOp("a")), List.of())); // reads pass
        RequestOp nested = new RequestOp.Txn(new TxnRequest(List.of(), List.of(putOp("n", "1")), List.of()));
        f.txn(new TxnRequest(List.of(), List.of(nested), List.of())); // etcd's cost ignores nested puts
        assertEquals(3, f.kv.revision());
        f.txn(new TxnRequest(List.of(), List.of(deleteOp("n", "")), List.of()));
        f.delete("a");
        f.apply(new KvCommand.LeaseCheckpoint(100, 30)).responseAs(LeaseCheckpointResponse.class);
        f.apply(new KvCommand.LeaseRevoke(100)).responseAs(ketch.api.kv.LeaseRevokeResponse.class);
        f.compact(f.kv.revision());

        deactivate(NOSPACE);
        f.put("b", "2");
        assertEquals(1, f.get("b").count(), "writes are accepted again once the alarm is cleared");
    }

    @Test
    void corruptRefusesEveryChangeButAlarms() {
        f.put("a", "1");
        f.apply(new KvCommand.LeaseGrant(100, 60));
        activate(CORRUPT);
        List<KvCommand> refused = List.of(
                new KvCommand.Put(PutRequest.of(b("b"), b("1"))),
                new KvCommand.DeleteRange(new DeleteRangeRequest(b("a"), Bytes.EMPTY, false)),
                new KvCommand.Txn(new TxnRequest(List.of(), List.of(getOp("a")), List.of(deleteOp("a", "")))),
                new KvCommand.Compact(new CompactionRequest(2, false)),
                new KvCommand.LeaseGrant(200, 60),
                new KvCommand.LeaseRevoke(100));
        for (KvCommand c : refused) {
            KvException e = f.failure(c);
            assertEquals(StatusCode.DATA_LOSS, e.code(), c.toString());
            assertEquals("etcdserver: corrupt cluster", e.getMessage());
        }
        assertEquals(1, f.get("a").count(), "reads are served");
        f.txn(new TxnRequest(List.of(), List.of(getOp("a")), List.of(getOp("b")))); // a read-only txn too
        deactivate(CORRUPT);
        f.put("b", "1");
    }

    @Test
    void alarmsSurviveSnapshotAndRestore() {
        f.put("a", "1");
        byte[] withoutAlarms = f.kv.snapshot();
        activate(NOSPACE);
        activate(CORRUPT);
        byte[] snapshot = f.kv.snapshot();
        KvStateMachine restored = KvStateMachine.restore(snapshot, Fixture.CLUSTER, Fixture.MEMBER);
        assertEquals(List.of(NOSPACE, CORRUPT), restored.alarms(AlarmType.NONE));
        assertArrayEquals(snapshot, restored.snapshot());
        assertEquals(KvException.corrupt().getMessage(), new Fixture(restored).failure(
                new KvCommand.Put(PutRequest.of(b("b"), b("1")))).getMessage(), "the restored state is still guarded");
        assertEquals(List.of(), KvStateMachine.restore(withoutAlarms, Fixture.CLUSTER, Fixture.MEMBER).alarms(AlarmType.NONE));
        assertEquals(withoutAlarms.length + 6, snapshot.length, "a tagged section: tag, count, two (member, type) pairs");
    }

    @Test
    void anUnknownSnapshotSectionIsRefused() {
        byte[] snapshot = f.kv.snapshot();
        byte[] bad = java.util.Arrays.copyOf(snapshot, snapshot.length + 1);
        System.arraycopy(snapshot, snapshot.length - 4, bad, snapshot.length - 3, 4); // room for a tag before the CRC
        bad[snapshot.length - 4] = 9;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bad, 0, bad.length - 4);
        java.nio.ByteBuffer.wrap(bad, bad.length - 4, 4).putInt((int) crc.getValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvStateMachine.restore(bad, Fixture.CLUSTER, Fixture.MEMBER));
        assertEquals("unknown kv snapshot section tag 9 at offset " + (snapshot.length - 4) + ", expected 1 or 2", e.getMessage());
    }
}
