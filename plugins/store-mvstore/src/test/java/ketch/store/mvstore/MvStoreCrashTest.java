package ketch.store.mvstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.CrashHarness;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM writing through the mvstore log and checks every reported sync survived. */
class MvStoreCrashTest {

    @Test
    void everySyncedEntrySurvivesSigkill(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("log");
        CrashHarness harness = new CrashHarness(MvStoreLogStoreProvider.TYPE, dir, 42L, List.of());
        CrashHarness.Report report = harness.run(CrashHarness.ROUNDS, d -> new MvStoreLogStoreProvider()
                .create(DefaultsPluginConfig.of(MvStoreLogStoreProvider.TYPE), new LogStoreProvider.Context(d)));
        assertEquals(CrashHarness.ROUNDS, report.rounds());
        assertTrue(report.highestSynced() > 0, "the child never synced: " + report);
        System.out.println("mvstore crash harness: " + report);
    }
}
