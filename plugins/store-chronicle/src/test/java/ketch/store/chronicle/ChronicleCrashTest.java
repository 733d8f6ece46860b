package ketch.store.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.CrashHarness;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM writing through the chronicle log and checks every reported sync survived. */
class ChronicleCrashTest {

    /** The flags Chronicle needs (from the pom), plus this JVM's class path: Chronicle's own dependencies sit there. */
    static List<String> childJvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String f : System.getProperty("ketch.chronicle.jvm.flags", "").split("\\s+")) {
            if (!f.isBlank()) flags.add(f);
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isBlank()) {
            flags.add("-cp");
            flags.add(classPath);
        }
        return flags;
    }

    @Test
    void everySyncedEntrySurvivesSigkill(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("log");
        CrashHarness harness = new CrashHarness(ChronicleLogStoreProvider.TYPE, dir, 42L, childJvmFlags());
        CrashHarness.Report report = harness.run(CrashHarness.ROUNDS, d -> new ChronicleLogStoreProvider()
                .create(DefaultsPluginConfig.of(ChronicleLogStoreProvider.TYPE), new LogStoreProvider.Context(d)));
        assertEquals(CrashHarness.ROUNDS, report.rounds());
        assertTrue(report.highestSynced() > 0, "the child never synced: " + report);
        System.out.println("chronicle crash harness: " + report);
    }
}
