package ketch.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.kv.Limits;
import ketch.api.kv.RangeRequest;
import ketch.kv.members.MembershipChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Drained changes, replayed onto a model of a backend and loaded back, reproduce the state exactly. */
class StateChangesTest {

    /** What a backend would hold: versions by (main, sub), leases by id, and the counters. */
    static final class ModelBackend {
        final TreeMap<String, StateChanges.Version> versions = new TreeMap<>();
        final TreeMap<Long, StateChanges.Lease> leases = new TreeMap<>();
        long revision = 1;
        long compactRevision = -1;
        long appliedIndex;
        Bytes sections = Bytes.EMPTY;

        static String position(StateChanges.Version v) {
            return String.format("%019d/%010d", v.main(), v.sub());
        }

        void write(StateChanges c) {
            for (StateChanges.Version v : c.added()) versions.put(position(v), v);
            for (StateChanges.Version v : c.removed()) {
                StateChanges.Version gone = versions.remove(position(v));
                assertEquals(v, gone, "compaction removed a version the backend did not hold");
            }
            for (StateChanges.Lease l : c.leases()) leases.put(l.id(), l);
            for (long id : c.revokedLeases()) leases.remove(id);
            revision = c.revision();
            compactRevision = c.compactRevision();
            appliedIndex = c.appliedIndex();
            c.sections().ifPresent(x -> sections = x);
        }

        PersistedState state() {
            return new PersistedState(revision, compactRevision, appliedIndex, List.copyOf(versions.values()), List.copyOf(leases.values()), sections);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20260101})
    void drainedChangesReplayedAndLoadedGiveTheSameState(long seed) {
        Random random = new Random(seed);
        RandomWorkload workload = new RandomWorkload(seed);
        KvStateMachine kv = new KvStateMachine(Fixture.CLUSTER, Fixture.MEMBER);
        kv.trackChanges();
        ModelBackend backend = new ModelBackend();
        long index = 0;
        for (int i = 0; i < 3000; i++) {
            index += 1 + random.nextInt(2);
            if (random.nextInt(20) == 0) kv.applyNoop(index);
            else kv.apply(index, Fixture.TERM, workload.next(kv));
            if (random.nextInt(7) == 0) backend.write(kv.drainChanges()); // batches of random length
            if (random.nextInt(500) == 0) assertLoadsEqual(kv, backend);
        }
        backend.write(kv.drainChanges());
        assertTrue(kv.compactRevision() > 0, "the workload compacted");
        assertLoadsEqual(kv, backend);
        assertEquals(kv.persistedState(), backend.state());
    }

    private static void assertLoadsEqual(KvStateMachine kv, ModelBackend backend) {
        backend.write(kv.drainChanges());
        KvStateMachine loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(kv.hash(), loaded.hash());
        assertEquals(kv.revision(), loaded.revision());
        assertEquals(kv.compactRevision(), loaded.compactRevision());
        assertEquals(kv.appliedIndex(), loaded.appliedIndex());
        assertEquals(kv.leases(), loaded.leases());
        assertEquals(kv.sizeBytes(), loaded.sizeBytes());
        assertEquals(kv.hashKv(0), loaded.hashKv(0));
        RangeRequest all = Fixture.rangeReq(Fixture.ALL, Fixture.ALL);
        assertEquals(kv.range(all, Fixture.TERM), loaded.range(all, Fixture.TERM));
        for (long rev = Math.max(1, kv.compactRevision()); rev <= kv.revision(); rev += Math.max(1, (kv.revision() - rev) / 5)) {
            RangeRequest at = Fixture.withRevision(all, rev);
            assertEquals(kv.range(at, Fixture.TERM), loaded.range(at, Fixture.TERM), "range at revision " + rev);
        }
    }

    @Test
    void everythingIsTheWholeStateAsOneChange() {
        Fixture f = new Fixture();
        f.put("a", "1");
        f.put("b", "2");
        f.put("a", "3");
        f.apply(new KvCommand.LeaseGrant(7, 60));
        ModelBackend backend = new ModelBackend();
        backend.write(f.kv.everything());
        KvStateMachine loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(f.kv.hash(), loaded.hash());
        assertEquals(f.kv.appliedIndex(), loaded.appliedIndex());
    }

    @Test
    void alarmsTravelWithTheChangesAndLoadBack() {
        Fixture f = new Fixture();
        f.kv.trackChanges();
        ModelBackend backend = new ModelBackend();
        f.put("a", "1");
        backend.write(f.kv.drainChanges());
        assertTrue(backend.sections.isEmpty(), "no alarm, no sections");
        ketch.api.kv.AlarmMember nospace = new ketch.api.kv.AlarmMember(5, ketch.api.kv.AlarmType.NOSPACE);
        f.apply(new KvCommand.Alarm(true, nospace));
        StateChanges raised = f.kv.drainChanges();
        assertTrue(raised.sections().isPresent(), "raising an alarm changes the sections");
        backend.write(raised);
        assertTrue(f.kv.drainChanges().sections().isEmpty(), "unchanged sections are not sent again");
        KvStateMachine loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(List.of(nospace), loaded.alarms(ketch.api.kv.AlarmType.NONE));
        f.apply(new KvCommand.Alarm(false, nospace));
        backend.write(f.kv.drainChanges());
        loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(List.of(), loaded.alarms(ketch.api.kv.AlarmType.NONE), "the cleared alarm stays cleared after a reload");
    }

    @Test
    void theMemberTableTravelsWithTheChangesAndLoadsBack() {
        Fixture f = new Fixture();
        f.kv.trackChanges();
        ModelBackend backend = new ModelBackend();
        java.net.URI peer1 = java.net.URI.create("http://127.0.0.1:2380");
        java.net.URI peer2 = java.net.URI.create("http://127.0.0.1:2381");
        f.kv.applyMembership(++f.index, new MembershipChange(MembershipChange.Kind.ADD_VOTER, 1, "n1", List.of(peer1), 777));
        f.kv.applyMembership(++f.index, new MembershipChange(MembershipChange.Kind.ADD_LEARNER, 2, "", List.of(peer2), 0));
        StateChanges added = f.kv.drainChanges();
        assertTrue(added.sections().isPresent(), "a membership change changes the sections");
        backend.write(added);
        f.put("a", "1");
        StateChanges put = f.kv.drainChanges();
        assertTrue(put.sections().isEmpty(), "a put leaves the sections alone");
        backend.write(put);
        f.apply(new KvCommand.MemberPublish(2, "n2", List.of(java.net.URI.create("http://127.0.0.1:2379"))));
        backend.write(f.kv.drainChanges());
        KvStateMachine loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(f.kv.members(), loaded.members());
        assertEquals("n2", loaded.member(2).orElseThrow().name());
        assertEquals(777, loaded.clusterId(), "the replicated cluster id comes back with the table");
        f.kv.applyMembership(++f.index, new MembershipChange(MembershipChange.Kind.REMOVE, 2, "", List.of(), 0));
        backend.write(f.kv.drainChanges());
        loaded = KvStateMachine.load(backend.state(), Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertTrue(loaded.isRemoved(2), "a removal survives a reload");
        org.junit.jupiter.api.Assertions.assertArrayEquals(f.kv.snapshot(), loaded.snapshot());
        assertEquals(f.kv.persistedState(), backend.state());
    }

    @Test
    void drainingWithoutTrackingIsACallerBug() {
        KvStateMachine kv = new KvStateMachine(Fixture.CLUSTER, Fixture.MEMBER);
        assertThrows(IllegalStateException.class, kv::drainChanges);
    }

    @Test
    void loadRefusesCorruptContentWithAClearMessage() {
        StateChanges.Version a5 = new StateChanges.Version(Bytes.of("a"), 5, 0, 5, 1, 0, false, Bytes.of("x"));
        StateChanges.Version b3 = new StateChanges.Version(Bytes.of("b"), 3, 0, 3, 1, 0, false, Bytes.of("y"));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> KvStateMachine.load(
                new PersistedState(6, -1, 10, List.of(a5, b3), List.of()), 1, 2, Limits.DEFAULTS));
        assertTrue(order.getMessage().contains("out of order"), order.getMessage());
        IllegalArgumentException future = assertThrows(IllegalArgumentException.class, () -> KvStateMachine.load(
                new PersistedState(4, -1, 10, List.of(a5), List.of()), 1, 2, Limits.DEFAULTS));
        assertTrue(future.getMessage().contains("revision 5"), future.getMessage());
        List<StateChanges.Lease> twice = new ArrayList<>(List.of(new StateChanges.Lease(1, 10, 0), new StateChanges.Lease(1, 10, 0)));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> KvStateMachine.load(
                new PersistedState(6, -1, 10, List.of(a5), twice), 1, 2, Limits.DEFAULTS));
        assertTrue(dup.getMessage().contains("lease 1 twice"), dup.getMessage());
    }
}
