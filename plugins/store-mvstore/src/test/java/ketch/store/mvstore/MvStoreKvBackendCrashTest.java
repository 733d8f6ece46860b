package ketch.store.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import ketch.api.spi.KvBackendProvider;
import ketch.tck.backend.BackendCrashHarness;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM committing through the mvstore backend: synced batches survive, no batch is torn. */
class MvStoreKvBackendCrashTest {
    @Test
    void syncedBatchesSurviveSigkillAndNoneIsTorn(@TempDir Path tmp) throws Exception {
        BackendCrashHarness harness = new BackendCrashHarness("mvstore", tmp.resolve("backend"), 7L, List.of());
        BackendCrashHarness.Report report = harness.run(BackendCrashHarness.ROUNDS, d -> new MvStoreKvBackendProvider()
                .create(DefaultsPluginConfig.of("mvstore"), new KvBackendProvider.Context(d)));
        assertEquals(BackendCrashHarness.ROUNDS, report.rounds());
        assertTrue(report.highestSynced() > 0, "the child never synced: " + report);
        System.out.println("mvstore backend crash harness: " + report);
    }
}
