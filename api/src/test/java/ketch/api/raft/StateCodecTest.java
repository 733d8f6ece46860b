package ketch.api.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    @Test
    void roundTripsWithUnsignedIds() {
        HardState hs = new HardState(7, -5251349782651180436L, 42);
        assertEquals(hs, StateCodec.decodeHardState(StateCodec.encode(hs)));
        LogPosition p = new LogPosition(1000, 6);
        assertEquals(p, StateCodec.decodePosition(StateCodec.encode(p)));
        SnapshotMetadata m = new SnapshotMetadata(99, 3, new ConfState(List.of(-1L, 2L, 3L), List.of(4L), List.of(), List.of()));
        assertEquals(m, StateCodec.decodeSnapshotMetadata(StateCodec.encode(m)));
    }

    @Test
    void refusesTruncatedOrForeignBytes() {
        byte[] hs = StateCodec.encode(new HardState(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decodeHardState(Arrays.copyOf(hs, hs.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decodeHardState(new byte[0]));
        byte[] wrongVersion = hs.clone();
        wrongVersion[0] = 9;
        assertThrows(IllegalArgumentException.class, () -> StateCodec.decodeHardState(wrongVersion));
        byte[] snap = StateCodec.encode(new SnapshotMetadata(5, 1, ConfState.ofVoters(List.of(1L, 2L))));
        for (int cut = 0; cut < snap.length; cut++) {
            byte[] truncated = Arrays.copyOf(snap, cut);
            assertThrows(IllegalArgumentException.class, () -> StateCodec.decodeSnapshotMetadata(truncated), "cut at " + cut);
        }
    }
}
