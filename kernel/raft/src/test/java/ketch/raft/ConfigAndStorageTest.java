package ketch.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import ketch.api.raft.ConfState;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogUnavailableException;
import org.junit.jupiter.api.Test;

class ConfigAndStorageTest {

    @Test
    void defaultsAreEtcdLike() {
        RaftConfig c = RaftConfig.defaults(7);
        assertEquals(7, c.id());
        assertEquals(10, c.electionTicks());
        assertEquals(1, c.heartbeatTicks());
        assertTrue(c.preVote() && c.checkQuorum());
        assertEquals(256, c.maxInflightMsgs());
        assertEquals(8L << 20, c.maxInflightBytes());
        assertEquals(1L << 20, c.maxSizePerMsg());
        assertTrue(c.plantedBugs().isEmpty());
    }

    @Test
    void badValuesAreNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RaftConfig.defaults(1).withTicks(3, 3));
        assertTrue(e.getMessage().contains("electionTicks") && e.getMessage().contains("3"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RaftConfig.defaults(0)).getMessage().contains("id"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RaftConfig.defaults(1).withFlowControl(0, 1, 1)).getMessage().contains("maxInflightMsgs"));
    }

    @Test
    void plantedBugsCannotBeChangedThroughTheAccessor() {
        RaftConfig c = RaftConfig.defaults(1);
        c.plantedBugs().add(PlantedBug.SKIP_VOTE_PERSISTENCE);
        assertFalse(c.has(PlantedBug.SKIP_VOTE_PERSISTENCE));
        assertTrue(c.withPlantedBugs(EnumSet.of(PlantedBug.READ_WITHOUT_READ_INDEX)).has(PlantedBug.READ_WITHOUT_READ_INDEX));
    }

    @Test
    void memoryStorageCompactsKeepingTheBoundaryTerm() {
        MemoryRaftStorage s = new MemoryRaftStorage();
        s.append(Fixture.log(1, 1, 2, 3, 3));
        s.compact(3);
        assertEquals(4, s.firstIndex());
        assertEquals(5, s.lastIndex());
        assertEquals(2, s.term(3), "the boundary keeps its term");
        assertThrows(LogCompactedException.class, () -> s.term(2));
        assertThrows(LogUnavailableException.class, () -> s.term(6));
        assertThrows(LogCompactedException.class, () -> s.entries(3, 5, Long.MAX_VALUE));
        assertEquals(2, s.entries(4, 6, Long.MAX_VALUE).size());
        assertEquals(1, s.entries(4, 6, 1).size(), "at least one entry even over the byte limit");
    }

    @Test
    void memoryStorageAppendReplacesTheSuffixAndRefusesHoles() {
        MemoryRaftStorage s = new MemoryRaftStorage();
        s.append(Fixture.log(1, 1, 1));
        s.append(List.of(ketch.api.raft.Entry.normal(2, 5, ketch.api.Bytes.of("new"))));
        assertEquals(2, s.lastIndex());
        assertEquals(5, s.term(2));
        assertThrows(IllegalArgumentException.class,
                () -> s.append(List.of(ketch.api.raft.Entry.normal(9, 5, ketch.api.Bytes.EMPTY))));
    }

    @Test
    void memoryStorageSnapshotDiscardsAConflictingLog() {
        MemoryRaftStorage s = new MemoryRaftStorage();
        s.append(Fixture.log(1, 1, 1));
        s.applySnapshot(new SnapshotMetadata(2, 1, ConfState.ofVoters(List.of(1L))));
        assertEquals(3, s.lastIndex(), "the log holds (2, 1): kept");
        s.applySnapshot(new SnapshotMetadata(10, 4, ConfState.ofVoters(List.of(1L))));
        assertEquals(11, s.firstIndex());
        assertEquals(10, s.lastIndex());
        assertEquals(4, s.term(10));
    }
}
