package ketch.raft.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ketch.api.Bytes;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.ConfState;
import ketch.api.spi.LogCompactedException;
import org.junit.jupiter.api.Test;

class SimDiskTest {

    private static Entry e(long index, long term) {
        return Entry.normal(index, term, Bytes.of("e" + index + "t" + term));
    }

    @Test
    void crashLosesEverythingUnsynced() {
        SimDisk disk = new SimDisk();
        disk.append(List.of(e(1, 1), e(2, 1)));
        disk.setHardState(new HardState(1, 1, 1));
        disk.sync();
        disk.append(List.of(e(3, 1)));
        disk.setHardState(new HardState(2, 2, 2));
        disk.crash(0, 0);
        assertEquals(2, disk.lastIndex());
        assertEquals(new HardState(1, 1, 1), disk.hardState());
        assertTrue(disk.allSynced());
    }

    @Test
    void crashRestoresAnOverwrittenSuffix() {
        SimDisk disk = new SimDisk();
        disk.append(List.of(e(1, 1), e(2, 1), e(3, 1)));
        disk.sync();
        disk.append(List.of(e(2, 2)));
        assertEquals(2, disk.lastIndex());
        disk.crash(0, 0);
        assertEquals(List.of(e(1, 1), e(2, 1), e(3, 1)), disk.entries(1, 4, Long.MAX_VALUE));
    }

    @Test
    void tornCrashKeepsAPrefixOfTheUnsyncedWritesCuttingTheLastAppendShort() {
        SimDisk disk = new SimDisk();
        disk.append(List.of(e(1, 1)));
        disk.sync();
        disk.setHardState(new HardState(2, 0, 0));
        disk.append(List.of(e(2, 2), e(3, 2), e(4, 2)));
        disk.append(List.of(e(5, 2)));
        disk.crash(2, 2);
        assertEquals(new HardState(2, 0, 0), disk.hardState());
        assertEquals(List.of(e(1, 1), e(2, 2), e(3, 2)), disk.entries(1, 4, Long.MAX_VALUE));
        assertEquals(3, disk.lastIndex());
    }

    @Test
    void compactionKeepsTheBoundaryTermAndCrashUndoesIt() {
        SimDisk disk = new SimDisk();
        disk.append(List.of(e(1, 1), e(2, 1), e(3, 2)));
        disk.sync();
        disk.compact(2);
        assertEquals(3, disk.firstIndex());
        assertEquals(1, disk.term(2));
        assertThrows(LogCompactedException.class, () -> disk.term(1));
        disk.crash(0, 0);
        assertEquals(1, disk.firstIndex());
    }

    @Test
    void snapshotNotInTheLogReplacesIt() {
        SimDisk disk = new SimDisk();
        disk.append(List.of(e(1, 1), e(2, 1)));
        disk.applySnapshot(new SnapshotMetadata(10, 3, ConfState.ofVoters(List.of(1L))));
        assertEquals(11, disk.firstIndex());
        assertEquals(10, disk.lastIndex());
        assertEquals(3, disk.term(10));
    }

    @Test
    void appendThatLeavesAHoleIsRefused() {
        SimDisk disk = new SimDisk();
        var error = assertThrows(IllegalArgumentException.class, () -> disk.append(List.of(e(2, 1))));
        assertTrue(error.getMessage().contains("leaves a hole after 0"), error.getMessage());
    }
}
