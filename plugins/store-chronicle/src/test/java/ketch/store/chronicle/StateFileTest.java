package ketch.store.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.LongStream;
import ketch.api.raft.ConfState;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-slot state file: the newest valid slot wins, a torn slot falls back to the other. */
class StateFileTest {
    @TempDir
    Path dir;

    private static StateFile.State state(long n) {
        return new StateFile.State(n, n + 1, new HardState(n, 7, n), new SnapshotMetadata(n, n + 1,
                new ConfState(List.of(1L, 2L), List.of(4L), List.of(1L, 5L), List.of(5L))));
    }

    @Test
    void aNewFileHoldsTheEmptyState() {
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(StateFile.State.EMPTY, f.loaded());
        }
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(StateFile.State.EMPTY, f.loaded());
        }
    }

    @Test
    void theNewestWriteWinsAcrossReopens() {
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            for (long n = 1; n <= 5; n++) f.write(state(n));
        }
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(state(5), f.loaded());
            f.write(state(6));
        }
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(state(6), f.loaded());
        }
    }

    @Test
    void aTornNewestSlotFallsBackToTheOlderOne() throws IOException {
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            f.write(state(1)); // slot 1
            f.write(state(2)); // slot 0
        }
        garble(0, 40);
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(state(1), f.loaded());
            f.write(state(3)); // goes to the slot after the surviving one's sequence, never over it
        }
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            assertEquals(state(3), f.loaded());
        }
    }

    @Test
    void bothSlotsDamagedFailsNamingTheFile() throws IOException {
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            f.write(state(1));
            f.write(state(2));
        }
        garble(0, 40);
        garble(StateFile.SLOT_BYTES, 40);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateFile.open(dir.resolve("state")));
        assertTrue(e.getMessage().contains(dir.resolve("state").toString()), e.getMessage());
    }

    @Test
    void aConfigurationTooLargeForASlotIsRefused() {
        List<Long> many = LongStream.rangeClosed(1, 600).boxed().toList();
        StateFile.State big = new StateFile.State(0, 0, HardState.EMPTY, new SnapshotMetadata(1, 1, ConfState.ofVoters(many)));
        try (StateFile f = StateFile.open(dir.resolve("state"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.write(big));
            assertTrue(e.getMessage().contains("4096"), e.getMessage());
        }
    }

    private void garble(long at, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("state"), StandardOpenOption.WRITE)) {
            byte[] junk = new byte[length];
            for (int i = 0; i < length; i++) junk[i] = (byte) (31 * i + 7);
            ch.write(ByteBuffer.wrap(junk), at + 12);
        }
    }
}
