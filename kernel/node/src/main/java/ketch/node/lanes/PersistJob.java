package ketch.node.lanes;

import java.util.List;
import java.util.Optional;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;
import ketch.raft.Snapshot;

/** Work for the append lane. */
sealed interface PersistJob {
    /** What one Ready asks to make durable, and the messages that may leave only afterwards. */
    record Write(Optional<HardState> hardState, List<Entry> entries, Optional<Snapshot> snapshot,
            List<Message> messagesAfterPersist, boolean mustSync) implements PersistJob {}

    /** Drop the log prefix up to {@code upTo}; a snapshot covering it is durable. */
    record Compact(SnapshotMetadata snapshot, long upTo) implements PersistJob {}
}
