package ketch.kv;

import static ketch.kv.Fixture.ALL;
import static ketch.kv.Fixture.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import org.junit.jupiter.api.Test;

/** Item 5: the facade's applied index, snapshot/restore, hashes and determinism. */
class KvStateMachineTest {
    @Test
    void appliedIndexAdvancesOnEveryCommandEvenAFailedOne() {
        KvStateMachine kv = new KvStateMachine(1, 2);
        assertEquals(0, kv.appliedIndex());
        kv.apply(5, 1, new KvCommand.Put(PutRequest.of(b("a"), b("1"))));
        assertEquals(5, kv.appliedIndex());
        kv.apply(6, 1, new KvCommand.Put(PutRequest.of(ketch.api.Bytes.EMPTY, b("1"))));
        assertEquals(6, kv.appliedIndex());
        kv.applyNoop(9);
        assertEquals(9, kv.appliedIndex());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kv.apply(9, 1, new KvCommand.Put(PutRequest.of(b("a"), b("2")))));
        assertEquals("raft index 9 is not after the applied index 9", e.getMessage());
        assertEquals(2, kv.revision(), "the rejected index changed nothing");
    }

    @Test
    void headersCarryConstructorIdsAndTheEntryTerm() {
        KvStateMachine kv = new KvStateMachine(11, 22);
        var r = kv.apply(1, 7, new KvCommand.Put(PutRequest.of(b("a"), b("1")))).responseAs(ketch.api.kv.PutResponse.class);
        assertEquals(new ketch.api.kv.ResponseHeader(11, 22, 2, 7), r.header());
        assertEquals(new ketch.api.kv.ResponseHeader(11, 22, 2, 9), kv.range(RangeRequest.ofKey(b("a")), 9).header());
    }

    @Test
    void snapshotRestoresAnEqualStateThatContinuesIdentically() {
        Fixture f = new Fixture();
        RandomWorkload workload = new RandomWorkload(99);
        for (int i = 0; i < 400; i++) f.apply(workload.next(f.kv));
        byte[] snapshot = f.kv.snapshot();
        KvStateMachine restored = KvStateMachine.restore(snapshot, Fixture.CLUSTER, Fixture.MEMBER);
        assertEquals(f.kv.hash(), restored.hash());
        assertEquals(f.kv.appliedIndex(), restored.appliedIndex());
        assertEquals(f.kv.revision(), restored.revision());
        assertEquals(f.kv.compactRevision(), restored.compactRevision());
        assertEquals(f.kv.leases(), restored.leases());
        assertEquals(f.kv.sizeBytes(), restored.sizeBytes());
        assertTrue(Arrays.equals(snapshot, restored.snapshot()), "the snapshot is canonical");
        for (long rev = Math.max(1, f.kv.compactRevision()); rev <= f.kv.revision(); rev++) {
            RangeRequest all = Fixture.withRevision(Fixture.rangeReq(ALL, ALL), rev);
            assertEquals(f.range(all), restored.range(all, Fixture.TERM), "range at revision " + rev);
            assertEquals(f.kv.hashKv(rev), restored.hashKv(rev));
        }
        Fixture g = new Fixture(restored);
        RandomWorkload w1 = new RandomWorkload(5);
        RandomWorkload w2 = new RandomWorkload(5);
        for (int i = 0; i < 200; i++) {
            ApplyResult a = f.apply(w1.next(f.kv));
            ApplyResult b = g.apply(w2.next(g.kv));
            assertEquals(Fixture.outcome(a), Fixture.outcome(b), "result #" + i);
        }
        assertEquals(f.kv.hash(), g.kv.hash());
    }

    @Test
    void corruptSnapshotsAreRefused() {
        Fixture f = new Fixture();
        f.put("a", "1");
        byte[] good = f.kv.snapshot();
        byte[] flipped = good.clone();
        flipped[8] ^= 1;
        assertTrue(refused(flipped).startsWith("kv snapshot checksum mismatch"));
        assertTrue(refused(Arrays.copyOf(good, good.length - 1)).startsWith("kv snapshot checksum mismatch"));
        assertEquals("kv snapshot too short: 3 bytes", refused(new byte[3]));
        byte[] otherVersion = good.clone();
        otherVersion[4] = 2;
        fixChecksum(otherVersion);
        assertEquals("unknown kv snapshot format version 2, expected 1", refused(otherVersion));
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        fixChecksum(badMagic);
        assertEquals("not a kv snapshot: bad magic bytes", refused(badMagic));
    }

    @Test
    void hashDependsOnContentNotOnHistoryOfIndexes() {
        KvStateMachine a = new KvStateMachine(1, 1);
        KvStateMachine b = new KvStateMachine(1, 2);
        a.apply(1, 1, new KvCommand.Put(PutRequest.of(b("k"), b("v"))));
        b.apply(7, 3, new KvCommand.Put(PutRequest.of(b("k"), b("v"))));
        assertEquals(a.hash(), b.hash());
        assertEquals(a.hashKv(0), b.hashKv(2));
        b.apply(8, 3, new KvCommand.Put(PutRequest.of(b("k"), b("w"))));
        assertNotEquals(a.hash(), b.hash());
        assertEquals(a.hashKv(2), b.hashKv(2), "hashKv at an older revision ignores later writes");
        assertEquals(KvException.futureRevision().getMessage(), assertThrows(KvException.class, () -> a.hashKv(3)).getMessage());
    }

    @Test
    void twoMachinesFedTheSameCommandsStayEqual() {
        KvStateMachine a = new KvStateMachine(1, 1);
        KvStateMachine b = new KvStateMachine(1, 2);
        RandomWorkload wa = new RandomWorkload(424242);
        RandomWorkload wb = new RandomWorkload(424242);
        for (int i = 1; i <= 1500; i++) {
            KvCommand ca = wa.next(a);
            KvCommand cb = wb.next(b);
            assertEquals(ca, cb);
            // Through the codec, as a follower would receive it.
            ApplyResult ra = a.apply(i, 1, ca);
            ApplyResult rb = b.apply(i, 1, KvCommandCodec.decode(KvCommandCodec.encode(cb)));
            assertEquals(ra.events(), rb.events());
            assertEquals(ra instanceof ApplyResult.Failure ? Fixture.outcome(ra) : "ok", rb instanceof ApplyResult.Failure ? Fixture.outcome(rb) : "ok");
            assertEquals(a.hash(), b.hash(), "after command " + i);
        }
        assertTrue(a.revision() > 100, "the workload wrote something: revision " + a.revision());
    }

    private static String refused(byte[] snapshot) {
        return assertThrows(IllegalArgumentException.class, () -> KvStateMachine.restore(snapshot, 1, 1)).getMessage();
    }

    private static void fixChecksum(byte[] snapshot) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(snapshot, 0, snapshot.length - 4);
        int v = (int) crc.getValue();
        int n = snapshot.length;
        snapshot[n - 4] = (byte) (v >>> 24);
        snapshot[n - 3] = (byte) (v >>> 16);
        snapshot[n - 2] = (byte) (v >>> 8);
        snapshot[n - 1] = (byte) v;
    }


    @Test
    void sizeGrowsWithHistoryAndShrinksWithCompaction() {
        Fixture f = new Fixture();
        assertEquals(0, f.kv.sizeBytes());
        f.put("key", "value"); // 3 + 5 + 48
        assertEquals(56, f.kv.sizeBytes());
        f.put("key", "v"); // 3 + 1 + 48
        assertEquals(108, f.kv.sizeBytes());
        f.compact(3);
        assertEquals(52, f.kv.sizeBytes());
        f.delete("key"); // tombstone: 3 + 48
        f.compact(4);
        assertEquals(0, f.kv.sizeBytes());
    }
}
