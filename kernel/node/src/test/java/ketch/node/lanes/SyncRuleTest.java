package ketch.node.lanes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import org.junit.jupiter.api.Test;

class SyncRuleTest {
    private static PersistJob.Write write(Optional<HardState> hard, List<Entry> entries) {
        return new PersistJob.Write(hard, entries, Optional.empty(), List.of());
    }

    @Test
    void aMovedCommitIndexAloneNeedsNoSync() {
        assertFalse(SyncRule.mustSync(write(Optional.of(new HardState(3, 1, 42)), List.of()), 3, 1));
        assertFalse(SyncRule.mustSync(write(Optional.empty(), List.of()), 3, 1));
    }

    @Test
    void aNewTermOrVoteMustBeDurable() {
        assertTrue(SyncRule.mustSync(write(Optional.of(new HardState(4, 1, 42)), List.of()), 3, 1));
        assertTrue(SyncRule.mustSync(write(Optional.of(new HardState(3, 2, 42)), List.of()), 3, 1));
    }

    @Test
    void entriesMustBeDurable() {
        Entry entry = new Entry(43, 3, Entry.Type.NORMAL, Bytes.EMPTY);
        assertTrue(SyncRule.mustSync(write(Optional.empty(), List.of(entry)), 3, 1));
    }
}
