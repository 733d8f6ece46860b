package ketch.store.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import ketch.api.spi.KvBackendProvider;
import ketch.tck.backend.BackendCrashHarness;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM committing through the lmdb backend: synced batches survive, no batch is torn. */
class LmdbKvBackendCrashTest {
    @Test
    void syncedBatchesSurviveSigkillAndNoneIsTorn(@TempDir Path tmp) throws Exception {
        BackendCrashHarness harness = new BackendCrashHarness("lmdb", tmp.resolve("backend"), 7L, LmdbCrashTest.childJvmFlags(tmp));
        BackendCrashHarness.Report report = harness.run(BackendCrashHarness.ROUNDS, d -> new LmdbKvBackendProvider()
                .create(DefaultsPluginConfig.of("lmdb"), new KvBackendProvider.Context(d)));
        assertEquals(BackendCrashHarness.ROUNDS, report.rounds());
        assertTrue(report.highestSynced() > 0, "the child never synced: " + report);
        System.out.println("lmdb backend crash harness: " + report);
    }
}
