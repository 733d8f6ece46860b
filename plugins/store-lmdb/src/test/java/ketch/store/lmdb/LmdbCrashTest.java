package ketch.store.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import ketch.api.spi.LogStoreProvider;
import ketch.tck.logstore.CrashHarness;
import ketch.tck.logstore.DefaultsPluginConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILLs a JVM writing through the lmdb log and checks every reported sync survived. */
class LmdbCrashTest {
    /**
     * What lmdbjava needs in the child. Its own dependencies (jnr-ffi, the native jars) ride on the
     * class path, as in the test JVM; jdk.unsupported (sun.misc.Unsafe, which lmdbjava's buffer
     * proxy class touches while it initialises) is not resolved by itself when the main module is
     * named, because lmdbjava is automatic and declares no requires.
     */
    static List<String> childJvmFlags(Path extractDir) {
        return List.of(
                "--add-modules=jdk.unsupported",
                // lmdbjava copies liblmdb out of its jar at each start; a SIGKILLed child cannot delete its copy
                "-Dlmdbjava.extract.dir=" + extractDir,
                "--add-opens=java.base/java.nio=lmdbjava",
                "--add-exports=java.base/sun.nio.ch=lmdbjava",
                "--enable-native-access=ALL-UNNAMED",
                "--class-path", System.getProperty("java.class.path", "").replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
    }

    @Test
    void everySyncedEntrySurvivesSigkill(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("log");
        CrashHarness harness = new CrashHarness(LmdbLogStoreProvider.TYPE, dir, 42L, childJvmFlags(tmp));
        CrashHarness.Report report = harness.run(CrashHarness.ROUNDS, d -> new LmdbLogStoreProvider()
                .create(DefaultsPluginConfig.of(LmdbLogStoreProvider.TYPE), new LogStoreProvider.Context(d)));
        assertEquals(CrashHarness.ROUNDS, report.rounds());
        assertTrue(report.highestSynced() > 0, "the child never synced: " + report);
        System.out.println("lmdb crash harness: " + report);
    }
}
