package ketch.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ketch.api.Bytes;
import ketch.api.kv.Limits;
import ketch.api.kv.PutRequest;
import org.junit.jupiter.api.Test;

/** Issue 7: snapshots written and read as streams of chunks are the same bytes and state as whole arrays. */
class SnapshotStreamTest {
    @Test
    void aStreamedSnapshotIsTheSameBytesInBoundedChunks() {
        Fixture f = new Fixture();
        RandomWorkload workload = new RandomWorkload(7);
        for (int i = 0; i < 300; i++) f.apply(workload.next(f.kv));
        for (int i = 0; i < 2_000; i++) f.kv.apply(f.kv.appliedIndex() + 1, 2, new KvCommand.Put(PutRequest.of(Bytes.of("big/" + i), Bytes.copyOf(new byte[100]))));
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        List<Integer> chunkSizes = new ArrayList<>();
        f.kv.snapshot((chunk, offset, length) -> {
            streamed.write(chunk, offset, length);
            chunkSizes.add(length);
        });
        byte[] whole = f.kv.snapshot();
        assertArrayEquals(whole, streamed.toByteArray());
        assertTrue(chunkSizes.size() > 3, "several chunks: " + chunkSizes);
        assertTrue(chunkSizes.stream().allMatch(n -> n < StateCodec.CHUNK + 1024), "no chunk holds the whole state: " + chunkSizes);
    }

    @Test
    void aSnapshotReadInDribsRestoresTheSameState() {
        Fixture f = new Fixture();
        RandomWorkload workload = new RandomWorkload(11);
        for (int i = 0; i < 400; i++) f.apply(workload.next(f.kv));
        byte[] whole = f.kv.snapshot();
        KvStateMachine restored = KvStateMachine.restore(dribs(whole), whole.length, Fixture.CLUSTER, Fixture.MEMBER, Limits.DEFAULTS);
        assertEquals(f.kv.hash(), restored.hash());
        assertEquals(f.kv.appliedIndex(), restored.appliedIndex());
        assertEquals(f.kv.sizeBytes(), restored.sizeBytes());
        assertArrayEquals(whole, restored.snapshot());
    }

    @Test
    void aDamagedStreamIsRefusedAtTheLatestByItsChecksum() {
        Fixture f = new Fixture();
        f.put("a", "1");
        f.put("b", "2");
        byte[] good = f.kv.snapshot();
        byte[] flipped = good.clone();
        flipped[good.length - 6] ^= 1; // inside the sections' bytes: decodes, then fails the checksum
        assertTrue(refused(flipped, flipped.length).startsWith("kv snapshot checksum mismatch"), refused(flipped, flipped.length));
        assertTrue(refused(Arrays.copyOf(good, good.length - 1), good.length).startsWith("truncated"));
        assertTrue(refused(good, good.length - 1).startsWith("truncated"));
        assertEquals("kv snapshot is longer than its stated length " + good.length, refused(Arrays.copyOf(good, good.length + 1), good.length));
        assertEquals("kv snapshot too short: 3 bytes", refused(new byte[3], 3));
    }

    private static String refused(byte[] data, long length) {
        return assertThrows(IllegalArgumentException.class,
                () -> KvStateMachine.restore(dribs(data), length, 1, 1, Limits.DEFAULTS)).getMessage();
    }

    /** A source that hands out 1 to 7 bytes per read, to cross every field boundary. */
    private static SnapshotInput dribs(byte[] data) {
        int[] pos = {0};
        int[] call = {0};
        return (dst, offset, length) -> {
            if (pos[0] == data.length) return -1;
            int n = Math.min(Math.min(length, 1 + call[0]++ % 7), data.length - pos[0]);
            System.arraycopy(data, pos[0], dst, offset, n);
            pos[0] += n;
            return n;
        };
    }
}
