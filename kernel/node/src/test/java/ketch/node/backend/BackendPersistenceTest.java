package ketch.node.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmType;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import ketch.api.spi.KvBatch;
import ketch.kv.KvCommand;
import ketch.kv.KvStateMachine;
import org.junit.jupiter.api.Test;

/** One commit per applied batch, syncs by entries, by time and on demand, and a loadable layout. */
class BackendPersistenceTest {
    private static final class ManualClock implements Clock {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public long currentTimeMillis() {
            return nanos / 1_000_000;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final RecordingBackend backend = new RecordingBackend();
    private final BackendPersistence persistence = new BackendPersistence(backend, clock, TimeUnit.MILLISECONDS.toNanos(100), 10, 0);
    private final KvStateMachine kv = new KvStateMachine(1, 2);
    private long index;

    private void put(String key, String value) {
        kv.apply(++index, 1, new KvCommand.Put(PutRequest.of(Bytes.of(key), Bytes.of(value))));
    }

    @Test
    void eachBatchIsOneCommitAndSyncsFollowEntriesTimeAndDemand() {
        kv.trackChanges();
        put("a", "1");
        put("b", "2");
        persistence.batchApplied(kv, 1);
        assertEquals(1, backend.commits.size(), "one commit for the batch");
        assertEquals(0, backend.syncs, "not forced yet");
        persistence.batchApplied(kv, 1);
        assertEquals(1, backend.commits.size(), "nothing new: no commit");

        for (int i = 0; i < 8; i++) put("c" + i, "x");
        persistence.batchApplied(kv, 1);
        assertEquals(1, backend.syncs, "10 entries since the last sync");
        assertEquals(10, persistence.syncedIndex());

        put("d", "1");
        persistence.batchApplied(kv, 1);
        persistence.idle();
        assertEquals(1, backend.syncs);
        clock.nanos += TimeUnit.MILLISECONDS.toNanos(100);
        persistence.idle();
        assertEquals(2, backend.syncs, "the interval passed");
        assertEquals(11, persistence.syncedIndex());

        put("e", "1");
        persistence.batchApplied(kv, 1);
        persistence.syncNow();
        assertEquals(3, backend.syncs);
        persistence.syncNow();
        assertEquals(3, backend.syncs, "nothing new to force");
        assertEquals(12, persistence.syncedIndex());
    }

    @Test
    void whatIsWrittenLoadsBackAsTheSameStateMachine() {
        kv.trackChanges();
        put("a", "1");
        kv.apply(++index, 1, new KvCommand.LeaseGrant(7, 60));
        put("b", "2");
        persistence.batchApplied(kv, 3);
        put("a", "3");
        kv.apply(++index, 1, new KvCommand.Compact(new ketch.api.kv.CompactionRequest(3, false)));
        persistence.batchApplied(kv, 4);
        assertEquals(5, BackendCodec.applied(backend).orElseThrow()[0]);
        assertEquals(4, BackendCodec.applied(backend).orElseThrow()[1], "the applied term is kept");
        KvStateMachine loaded = KvStateMachine.load(BackendCodec.read(backend), 1, 2, Limits.DEFAULTS);
        assertEquals(kv.hash(), loaded.hash());
        assertEquals(kv.leases(), loaded.leases());
        assertEquals(5, loaded.appliedIndex());
    }

    @Test
    void replacingTheStateClearsTheOldContentAndSyncs() {
        kv.trackChanges();
        put("old", "1");
        persistence.batchApplied(kv, 1);
        KvStateMachine installed = new KvStateMachine(1, 2);
        installed.apply(50, 2, new KvCommand.Put(PutRequest.of(Bytes.of("new"), Bytes.of("2"))));
        persistence.replaced(installed, 2);
        assertEquals(1, backend.syncs);
        assertEquals(50, persistence.syncedIndex());
        KvStateMachine loaded = KvStateMachine.load(BackendCodec.read(backend), 1, 2, Limits.DEFAULTS);
        assertEquals(installed.hash(), loaded.hash());
        KvBatch last = backend.commits.getLast();
        assertTrue(last.ops().contains(new KvBatch.Clear(BackendCodec.KEY)), "the old versions are cleared: " + last);
    }

    @Test
    void raisedAlarmsGoWithTheNextCommitAndLoadBack() {
        kv.trackChanges();
        put("a", "1");
        AlarmMember nospace = new AlarmMember(2, AlarmType.NOSPACE);
        kv.apply(++index, 1, new KvCommand.Alarm(true, nospace));
        persistence.batchApplied(kv, 1);
        KvStateMachine loaded = KvStateMachine.load(BackendCodec.read(backend), 1, 2, Limits.DEFAULTS);
        assertEquals(List.of(nospace), loaded.alarms(AlarmType.NONE));
        persistence.close();
        assertTrue(backend.closed);
    }
}
