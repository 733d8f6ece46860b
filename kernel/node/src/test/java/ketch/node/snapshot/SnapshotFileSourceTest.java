package ketch.node.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import ketch.api.raft.ConfState;
import ketch.api.raft.SnapshotMetadata;
import ketch.raft.SnapshotChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileSourceTest {
    @TempDir
    Path dir;

    @Test
    void chunksReassembleTheFileWhichIsReadOnceUntilTheLastChunk() throws IOException {
        byte[] data = new byte[10_000];
        new Random(7).nextBytes(data);
        SnapshotFiles files = new SnapshotFiles(dir);
        files.save(42, 3, data);
        SnapshotMetadata meta = new SnapshotMetadata(42, 3, ConfState.ofVoters(java.util.List.of(1L)));
        SnapshotFileSource source = new SnapshotFileSource(files);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotChunk first = source.read(meta, 0, 3_000).orElseThrow();
        out.writeBytes(first.data().toByteArray());
        deleteAll(); // the rest must come from the copy loaded for the first chunk
        long offset = 3_000;
        while (true) {
            SnapshotChunk chunk = source.read(meta, offset, 3_000).orElseThrow();
            out.writeBytes(chunk.data().toByteArray());
            offset += chunk.data().size();
            if (chunk.last()) break;
            assertTrue(offset < data.length, "only the chunk reaching the end is the last");
        }
        assertArrayEquals(data, out.toByteArray());
        assertEquals(java.util.Optional.empty(), source.read(meta, 0, 3_000), "released after the last chunk, so the file is read afresh");
    }

    private void deleteAll() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
    }
}
