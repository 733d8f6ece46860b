package ketch.tck.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;

/**
 * Kills a {@link BackendCrashChild} JVM with SIGKILL at seeded random moments while it commits
 * and syncs through a backend, then reopens the backend: the last batch found must be whole (all
 * ten keys and the meta counter carry the same number), at least the last one the child reported
 * synced, and not beyond anything it committed.
 */
public final class BackendCrashHarness {
    /** Rounds per run: {@code -Dketch.tck.crash.rounds}, 20 by default. */
    public static final int ROUNDS = Integer.getInteger("ketch.tck.crash.rounds", 20);
    private static final int MAX_SYNCS_BEFORE_KILL = 40;

    private final String providerType;
    private final Path dir;
    private final long seed;
    private final List<String> jvmFlags;

    /** What a run saw. */
    public record Report(int rounds, long highestSynced, long lastBatch) {}

    public BackendCrashHarness(String providerType, Path dir, long seed, List<String> jvmFlags) {
        this.providerType = providerType;
        this.dir = dir;
        this.seed = seed;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /** Runs {@code rounds} kill-and-check rounds; {@code reopen} opens the backend as the child's provider did. */
    public Report run(int rounds, Function<Path, KvBackend> reopen) throws IOException, InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Path stderr = dir.resolveSibling(dir.getFileName() + ".crash-child.err");
        long highestSynced = 0;
        long last = 0;
        for (int round = 0; round < rounds; round++) {
            long[] child = runChildUntilKilled(rnd.nextLong(), 1 + rnd.nextInt(MAX_SYNCS_BEFORE_KILL), stderr, round);
            highestSynced = Math.max(highestSynced, child[0]);
            try (KvBackend backend = reopen.apply(dir)) {
                last = check(backend, highestSynced, child[1], round);
            }
        }
        return new Report(rounds, highestSynced, last);
    }

    /** Returns {highest synced batch, highest batch the child could have committed}. */
    private long[] runChildUntilKilled(long childSeed, int killAfter, Path stderr, int round) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command(childSeed)).redirectError(stderr.toFile()).start();
        long synced = 0;
        long opened = 0;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("opened ")) opened = Long.parseLong(line.substring("opened ".length()));
                if (line.startsWith("synced ")) {
                    synced = Long.parseLong(line.substring("synced ".length()));
                    if (++seen == killAfter) child.toHandle().destroyForcibly(); // SIGKILL, the pipe stays readable
                }
            }
            if (!child.waitFor(2, TimeUnit.MINUTES)) fail("round " + round + ": the crash child did not die");
        } finally {
            child.destroyForcibly();
        }
        if (seen < killAfter) {
            fail("round " + round + ": the crash child exited with " + child.exitValue() + " after " + seen
                    + " syncs, before it was killed; its stderr:\n" + Files.readString(stderr));
        }
        // Between two reported syncs the child commits a few batches (one sync in four on average).
        return new long[] {synced, Math.max(synced, opened) + 1000};
    }

    private long check(KvBackend backend, long highestSynced, long bound, int round) {
        String where = "round " + round + " (seed " + seed + "): ";
        Optional<Bytes> counter = backend.get("meta", Bytes.of("n"));
        assertTrue(counter.isPresent() || highestSynced == 0, where + "the meta counter is gone after sync " + highestSynced);
        long n = counter.map(b -> Long.parseLong(b.toStringUtf8())).orElse(0L);
        assertTrue(n >= highestSynced, where + "synced batch " + highestSynced + " was lost; the backend holds batch " + n);
        assertTrue(n <= bound, where + "batch " + n + " is beyond anything the child committed");
        for (int k = 0; k < BackendCrashChild.KEYS; k++) {
            assertEquals(Optional.of(Bytes.of(Long.toString(n))), backend.get("key", Bytes.of("k" + k)),
                    where + "key k" + k + " is not from batch " + n + ": a batch is torn");
        }
        return n;
    }

    private List<String> command(long childSeed) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot find this JVM's java binary"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("--module-path", childModulePath(), "--module", "ketch.tck/" + BackendCrashChild.class.getName(),
                providerType, dir.toAbsolutePath().toString(), Long.toString(childSeed)));
        return cmd;
    }

    /** This JVM's module path, then the TCK's own location (it is often on the class path in tests). */
    private static String childModulePath() {
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) entries.add(e);
        }
        try {
            entries.add(Path.of(BackendCrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the TCK's classes", e);
        }
        return String.join(File.pathSeparator, entries);
    }
}
