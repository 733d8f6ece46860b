package ketch.tck.logstore;

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
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.spi.LogStore;

/**
 * Kills a {@link CrashChild} JVM with SIGKILL at seeded random moments while it appends and syncs
 * through a store, then reopens the store and checks what survived: every index the child
 * reported synced is present and intact, the log has no hole, nothing beyond what the child could
 * have appended, and the hard state is at least as new as the last reported sync.
 *
 * <p>The child runs on the same java binary with this JVM's module path plus the TCK's own
 * location, so the store module under test is resolved through its {@code provides} clause.
 */
public final class CrashHarness {
    /** Rounds per run: {@code -Dketch.tck.crash.rounds}, 20 by default. */
    public static final int ROUNDS = Integer.getInteger("ketch.tck.crash.rounds", 20);
    static final int MAX_BATCH = 64;
    private static final int MAX_SYNCS_BEFORE_KILL = 40;

    private final String providerType;
    private final Path dir;
    private final long seed;
    private final List<String> jvmFlags;

    /** What a run saw, for the test's log. */
    public record Report(int rounds, long highestSynced, long lastIndex, long firstIndex) {}

    /**
     * @param providerType the {@code type()} of the store's provider
     * @param dir the store's directory; kept across rounds
     * @param jvmFlags extra flags for the child JVM (e.g. {@code --add-opens} a store needs)
     */
    public CrashHarness(String providerType, Path dir, long seed, List<String> jvmFlags) {
        this.providerType = providerType;
        this.dir = dir;
        this.seed = seed;
        this.jvmFlags = List.copyOf(jvmFlags);
    }

    /** Runs {@code rounds} kill-and-check rounds; {@code reopen} opens the store as the child's provider did. */
    public Report run(int rounds, Function<Path, LogStore> reopen) throws IOException, InterruptedException {
        SplittableRandom rnd = new SplittableRandom(seed);
        Path stderr = dir.resolveSibling(dir.getFileName() + ".crash-child.err");
        long known = 0; // highest index the store has been seen to hold or the child reported synced
        long highestSynced = 0;
        LogBounds bounds = new LogBounds(1, 0);
        for (int round = 0; round < rounds; round++) {
            int killAfter = 1 + rnd.nextInt(MAX_SYNCS_BEFORE_KILL);
            long synced = runChildUntilKilled(rnd.nextLong(), killAfter, stderr, round);
            highestSynced = Math.max(highestSynced, synced);
            known = Math.max(known, synced);
            try (LogStore store = reopen.apply(dir)) {
                bounds = check(store, highestSynced, known, round);
            }
            known = Math.max(known, bounds.last());
        }
        return new Report(rounds, highestSynced, bounds.last(), bounds.first());
    }

    private record LogBounds(long first, long last) {}

    private long runChildUntilKilled(long childSeed, int killAfter, Path stderr, int round)
            throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command(childSeed))
                .redirectError(stderr.toFile())
                .start();
        long synced = 0;
        int seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("synced ")) {
                    synced = Long.parseLong(line.substring("synced ".length()));
                    if (++seen == killAfter) {
                        // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read
                        child.toHandle().destroyForcibly();
                    }
                }
            }
            if (!child.waitFor(2, TimeUnit.MINUTES)) {
                child.destroyForcibly();
                fail("round " + round + ": the crash child did not die");
            }
        } finally {
            child.destroyForcibly();
        }
        if (seen < killAfter) {
            fail("round " + round + ": the crash child exited with " + child.exitValue() + " after " + seen
                    + " syncs, before it was killed; its stderr:\n" + Files.readString(stderr));
        }
        return synced;
    }

    private LogBounds check(LogStore store, long highestSynced, long known, int round) {
        String where = "round " + round + " (seed " + seed + "): ";
        long first = store.firstIndex();
        long last = store.lastIndex();
        assertTrue(last >= highestSynced, where + "synced index " + highestSynced + " was lost; the log ends at " + last);
        assertTrue(last <= known + 2L * MAX_BATCH,
                where + "the log ends at " + last + ", beyond anything the child appended (it knew " + known + ")");
        assertTrue(first >= 1 && first <= last + 1, where + "first index " + first + " against last " + last);
        if (first > 1) assertEquals(DerivedEntries.termOf(first - 1), store.term(first - 1), where + "boundary term");
        long next = first;
        while (next <= last) {
            List<Entry> page = store.entries(next, last + 1, 1024 * 1024);
            for (Entry e : page) {
                if (!e.equals(DerivedEntries.entry(next))) {
                    fail(where + "entry " + next + " is " + e + ", expected " + DerivedEntries.entry(next));
                }
                next++;
            }
        }
        HardState hs = store.hardState();
        assertTrue(hs.commit() >= highestSynced && hs.commit() <= last,
                where + "hard state " + hs + " against synced " + highestSynced + " and last " + last);
        assertEquals(new HardState(DerivedEntries.termOf(hs.commit()), 1, hs.commit()), hs, where + "hard state");
        return new LogBounds(first, last);
    }

    private List<String> command(long childSeed) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot find this JVM's java binary"));
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmFlags);
        cmd.add("--module-path");
        cmd.add(childModulePath());
        cmd.add("--module");
        cmd.add("ketch.tck/" + CrashChild.class.getName());
        cmd.add(providerType);
        cmd.add(dir.toAbsolutePath().toString());
        cmd.add(Long.toString(childSeed));
        cmd.add(Integer.toString(MAX_BATCH));
        return cmd;
    }

    /** This JVM's module path, then the TCK's own location (it is often on the class path in tests). */
    private static String childModulePath() {
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        for (String e : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) entries.add(e);
        }
        try {
            entries.add(Path.of(CrashChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the TCK's classes", e);
        }
        return String.join(File.pathSeparator, entries);
    }
}
