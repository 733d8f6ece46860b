package ketch.raft;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.Message;

/**
 * One batch of effects the core asks its caller to carry out. The CONTRACT:
 *
 * <ul>
 *   <li>{@code softState}: present when leader or role changed; informational.
 *   <li>{@code hardState}, {@code entries}, {@code snapshot}: must be made durable, in this order
 *       per Ready (snapshot, then entries, then hard state, then one sync), and Readies in the
 *       order they were handed out. {@code entries} may begin at or below the last stored index:
 *       the store replaces its suffix from there. After the write is durable, call
 *       {@link RaftNode#persisted(long, long)} with the last entry's index and term (or the
 *       snapshot's, when there are no entries).
 *   <li>{@code messages} may be sent at once, in parallel with persisting (a leader writes its own
 *       log in parallel with replicating it, Raft thesis §10.2.1).
 *   <li>{@code messagesAfterPersist} may be sent only after {@code hardState}, {@code entries} and
 *       {@code snapshot} of this Ready (and every earlier one) are durable: they are votes and
 *       append acknowledgements that promise durable state.
 *   <li>{@code snapshot}, then {@code committedEntries}, may be applied to the state machine now,
 *       in order: the core hands out only entries that are committed AND locally persisted. Call
 *       {@link RaftNode#applied(long)} after applying; CONF_CHANGE entries must be passed to
 *       {@link RaftNode#applyConfChange(ConfChange)} when applied.
 *   <li>{@code readStates}: outcomes of {@link RaftNode#readIndex(long)} calls.
 * </ul>
 *
 * <p>Call {@link RaftNode#advance(Ready)} as soon as the Ready has been taken (handed to the
 * append and apply lanes); {@code persisted} and {@code applied} follow later, possibly
 * asynchronously, but always on the raft lane.
 */
public record Ready(
        Optional<SoftState> softState,
        Optional<HardState> hardState,
        List<Entry> entries,
        Optional<Snapshot> snapshot,
        List<Entry> committedEntries,
        List<Message> messages,
        List<Message> messagesAfterPersist,
        List<ReadState> readStates,
        boolean mustSync) {

    public Ready {
        Objects.requireNonNull(softState, "softState");
        Objects.requireNonNull(hardState, "hardState");
        entries = List.copyOf(entries);
        Objects.requireNonNull(snapshot, "snapshot");
        committedEntries = List.copyOf(committedEntries);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        readStates = List.copyOf(readStates);
    }

    /**
     * True when this Ready needs a sync (fsync) before {@code messagesAfterPersist} leave: it has
     * entries, a snapshot, or a new term or vote. A hard state whose only change is the commit
     * index may be written with the next sync instead (a lost commit index is learned again from
     * the leader, as etcd's MustSync); its messages still leave only after every earlier Ready is
     * durable.
     */
    public boolean mustSync() {
        return mustSync;
    }

    /** True when something must be written before {@code messagesAfterPersist} leave. */
    public boolean mustPersist() {
        return hardState.isPresent() || !entries.isEmpty() || snapshot.isPresent();
    }
}
