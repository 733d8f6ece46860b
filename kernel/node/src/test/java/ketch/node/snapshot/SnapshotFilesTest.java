package ketch.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7: snapshots go to disk and come back as streams, in the same file format as before. */
class SnapshotFilesTest {
    @TempDir
    Path dir;

    @Test
    void aStreamedSnapshotIsTheSameFileAsAWholeOneAndReadsBackAsAStream() throws IOException {
        byte[] data = new byte[700_000];
        new Random(3).nextBytes(data);
        SnapshotFiles whole = new SnapshotFiles(dir.resolve("whole"));
        whole.save(9, 2, data);
        SnapshotFiles streamed = new SnapshotFiles(dir.resolve("streamed"));
        streamed.save(9, 2, out -> {
            for (int from = 0; from < data.length; from += 1000) out.write(data, from, Math.min(1000, data.length - from));
        });
        String name = String.format("%016x-%016x.snap", 9, 2);
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(name)), Files.readAllBytes(dir.resolve("streamed").resolve(name)));

        SnapshotFiles.Loaded loaded = streamed.newest().orElseThrow();
        assertEquals(9, loaded.index());
        assertEquals(2, loaded.term());
        assertEquals(data.length, loaded.length());
        byte[] back = loaded.read(in -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) out.write(buf, 0, n);
            return out.toByteArray();
        });
        assertArrayEquals(data, back);
        try (SnapshotFiles.StateChannel ch = loaded.open()) {
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 699_990, 700_000), ch.read(699_990, 100));
        }
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        SnapshotFiles files = new SnapshotFiles(dir);
        files.save(5, 1, new byte[] {1, 2, 3});
        files.save(8, 1, new byte[] {4, 5, 6});
        Path newest = dir.resolve(String.format("%016x-%016x.snap", 8, 1));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 1;
        Files.write(newest, bytes);
        assertEquals(5, files.newest().orElseThrow().index());
        assertEquals(java.util.Optional.empty(), files.at(8));
    }
}
