package ketch.tck.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link KvBackend} contract: a backend's test class extends this and implements
 * {@link #open}. Crashes are checked by {@link BackendCrashHarness}.
 */
public abstract class KvBackendContract {
    private static final long SEED = Long.getLong("ketch.tck.seed", 20260101L);

    @TempDir
    protected Path dir;

    /** Opens (or reopens) the backend kept in {@code dir}. */
    protected abstract KvBackend open(Path dir);

    static Bytes b(String s) {
        return Bytes.of(s);
    }

    static Bytes raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = (byte) bytes[i];
        return Bytes.wrap(out);
    }

    /** Every entry of {@code bucket}, in scan order. */
    public static Map<Bytes, Bytes> content(KvBackend backend, String bucket) {
        Map<Bytes, Bytes> out = new LinkedHashMap<>();
        backend.scan(bucket, Bytes.EMPTY, (k, v) -> {
            out.put(k, v);
            return true;
        });
        return out;
    }

    @Test
    public void newBackendIsEmpty() {
        try (KvBackend s = open(dir)) {
            assertEquals(Optional.empty(), s.get("key", b("a")));
            assertEquals(Map.of(), content(s, "key"));
            assertTrue(s.sizeBytes() >= 0);
        }
    }

    @Test
    public void bucketsAreSeparateKeyspaces() {
        try (KvBackend s = open(dir)) {
            s.commit(KvBatch.builder().put("key", b("a"), b("1")).put("meta", b("a"), b("2")).build());
            assertEquals(Optional.of(b("1")), s.get("key", b("a")));
            assertEquals(Optional.of(b("2")), s.get("meta", b("a")));
            assertEquals(Optional.empty(), s.get("lease", b("a")));
            s.commit(KvBatch.builder().clear("meta").build());
            assertEquals(Optional.of(b("1")), s.get("key", b("a")));
            assertEquals(Map.of(), content(s, "meta"));
        }
    }

    @Test
    public void batchOperationsApplyInOrder() {
        try (KvBackend s = open(dir)) {
            s.commit(KvBatch.builder().put("key", b("a"), b("1")).put("key", b("b"), b("1")).build());
            s.commit(KvBatch.builder()
                    .put("key", b("a"), b("2")).delete("key", b("a"))
                    .delete("key", b("b")).put("key", b("b"), b("3"))
                    .put("key", b("c"), b("4")).clear("key").put("key", b("d"), b("5"))
                    .delete("key", b("absent")).build());
            assertEquals(Map.of(b("d"), b("5")), content(s, "key"));
            s.commit(KvBatch.builder().build()); // an empty batch is fine
            assertEquals(Map.of(b("d"), b("5")), content(s, "key"));
        }
    }

    @Test
    public void scanIsInUnsignedKeyOrderFromAKeyUntilTheVisitorStops() {
        try (KvBackend s = open(dir)) {
            List<Bytes> keys = List.of(raw(0xff), raw(0x01), raw(0x80, 0x00), raw(0x7f), raw(0x01, 0x00), raw(0x00));
            KvBatch.Builder batch = KvBatch.builder();
            for (Bytes k : keys) batch.put("key", k, k);
            s.commit(batch.build());
            assertEquals(List.of(raw(0x00), raw(0x01), raw(0x01, 0x00), raw(0x7f), raw(0x80, 0x00), raw(0xff)),
                    new ArrayList<>(content(s, "key").keySet()));
            List<Bytes> seen = new ArrayList<>();
            s.scan("key", raw(0x01, 0x00), (k, v) -> {
                assertEquals(k, v);
                seen.add(k);
                return seen.size() < 3;
            });
            assertEquals(List.of(raw(0x01, 0x00), raw(0x7f), raw(0x80, 0x00)), seen);
            List<Bytes> fromBetween = new ArrayList<>();
            s.scan("key", raw(0x02), (k, v) -> fromBetween.add(k));
            assertEquals(List.of(raw(0x7f), raw(0x80, 0x00), raw(0xff)), fromBetween);
        }
    }

    @Test
    public void emptyKeysAndValuesAndLargeValuesRoundTrip() {
        byte[] big = new byte[1536 * 1024];
        new SplittableRandom(SEED).nextBytes(big);
        try (KvBackend s = open(dir)) {
            s.commit(KvBatch.builder().put("key", b("empty"), Bytes.EMPTY).put("key", b("big"), Bytes.wrap(big)).build());
            s.sync();
        }
        try (KvBackend s = open(dir)) {
            assertEquals(Optional.of(Bytes.EMPTY), s.get("key", b("empty")));
            assertEquals(Optional.of(Bytes.wrap(big)), s.get("key", b("big")));
        }
    }

    @Test
    public void reopenKeepsSyncedAndCleanlyClosedCommits() {
        try (KvBackend s = open(dir)) {
            s.commit(KvBatch.builder().put("key", b("a"), b("1")).build());
            s.sync();
            s.commit(KvBatch.builder().put("key", b("b"), b("2")).put("meta", b("m"), b("3")).build());
        }
        try (KvBackend s = open(dir)) {
            assertEquals(Map.of(b("a"), b("1"), b("b"), b("2")), content(s, "key"));
            assertEquals(Optional.of(b("3")), s.get("meta", b("m")));
        }
    }

    @Test
    public void sizeGrowsWithContentAndDefragmentKeepsTheContent() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        TreeMap<Bytes, Bytes> expected = new TreeMap<>();
        try (KvBackend s = open(dir)) {
            long empty = s.sizeBytes();
            for (int round = 0; round < 20; round++) {
                KvBatch.Builder batch = KvBatch.builder();
                for (int i = 0; i < 500; i++) {
                    Bytes key = b(String.format("k%06d", rnd.nextInt(5000)));
                    byte[] value = new byte[100 + rnd.nextInt(400)];
                    rnd.nextBytes(value);
                    batch.put("key", key, Bytes.wrap(value));
                    expected.put(key, Bytes.wrap(value));
                }
                s.commit(batch.build());
            }
            s.sync();
            long full = s.sizeBytes();
            assertTrue(full > empty && full >= 500_000, "size " + full + " after ~1 MB of values, " + empty + " when empty");
            KvBatch.Builder deletes = KvBatch.builder();
            for (Bytes k : new ArrayList<>(expected.keySet())) {
                if (rnd.nextInt(10) != 0) {
                    deletes.delete("key", k);
                    expected.remove(k);
                }
            }
            s.commit(deletes.build());
            s.sync();
            s.defragment();
            assertEquals(expected, new TreeMap<>(content(s, "key")));
            long after = s.sizeBytes();
            assertTrue(after <= full, "size " + after + " after deleting 90% and defragmenting, " + full + " before");
            s.commit(KvBatch.builder().put("key", b("after-defrag"), b("x")).build());
            expected.put(b("after-defrag"), b("x"));
        }
        try (KvBackend s = open(dir)) {
            assertEquals(expected, new TreeMap<>(content(s, "key")));
        }
    }

    @Test
    public void defragmentWhileTheWriterCommitsKeepsEveryBatch() throws InterruptedException {
        byte[] filler = new byte[300];
        new SplittableRandom(SEED).nextBytes(filler);
        TreeMap<Bytes, Bytes> expected = new TreeMap<>();
        try (KvBackend s = open(dir)) {
            KvBatch.Builder initial = KvBatch.builder();
            for (int i = 0; i < 3000; i++) initial.put("key", b(String.format("old%05d", i)), Bytes.wrap(filler));
            s.commit(initial.build());
            KvBatch.Builder deletes = KvBatch.builder();
            for (int i = 0; i < 3000; i += 2) deletes.delete("key", b(String.format("old%05d", i)));
            s.commit(deletes.build());
            s.sync();
            for (int i = 1; i < 3000; i += 2) expected.put(b(String.format("old%05d", i)), Bytes.wrap(filler));
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean defragmented = new AtomicBoolean();
            // the writer stays on this thread (a platform thread, as the node's apply lane); defragment runs beside it
            Thread defrag = Thread.ofPlatform().name("tck-defragment").start(() -> {
                try {
                    s.defragment();
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                } finally {
                    defragmented.set(true);
                }
            });
            int n = 0;
            while (!defragmented.get() || n < 50) {
                KvBatch.Builder batch = KvBatch.builder().put("key", b(String.format("new%06d", n)), b("v" + n));
                expected.put(b(String.format("new%06d", n)), b("v" + n));
                if (n % 3 == 0) {
                    batch.delete("key", b(String.format("old%05d", 2 * n % 3000 + 1)));
                    expected.remove(b(String.format("old%05d", 2 * n % 3000 + 1)));
                }
                s.commit(batch.build());
                n++;
            }
            defrag.join();
            assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
            assertEquals(expected, new TreeMap<>(content(s, "key")));
        }
        try (KvBackend s = open(dir)) {
            assertEquals(expected, new TreeMap<>(content(s, "key")), "after reopening");
        }
    }

    @Test
    public void readersConcurrentWithTheWriterSeeOnlyWholeBatches() throws InterruptedException {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        try (KvBackend s = open(dir)) {
            Thread reader = Thread.ofPlatform().name("tck-backend-reader").start(() -> {
                while (!done.get() && failures.isEmpty()) {
                    Map<Bytes, Bytes> seen = content(s, "key");
                    if (seen.isEmpty()) continue;
                    if (seen.size() != 10 || seen.values().stream().distinct().count() != 1) {
                        failures.add("a reader saw part of a batch: " + seen);
                    }
                }
            });
            try {
                for (int n = 0; n < 2000 && failures.isEmpty(); n++) {
                    KvBatch.Builder batch = KvBatch.builder();
                    if (n % 7 == 0) batch.clear("key");
                    for (int i = 0; i < 10; i++) batch.put("key", b("k" + i), b("v" + n));
                    s.commit(batch.build());
                    if (n % 100 == 0) s.sync();
                }
            } finally {
                done.set(true);
                reader.join();
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    public void badBucketNamesAreRefusedBeforeAnythingIsWritten() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KvBatch.builder().put("Key Space", b("a"), b("1")));
        assertTrue(e.getMessage().contains("'Key Space'"), e.getMessage());
        try (KvBackend s = open(dir)) {
            assertThrows(IllegalArgumentException.class, () -> s.get("", b("a")));
            assertFalse(s.get("key", b("a")).isPresent());
        }
    }
}
