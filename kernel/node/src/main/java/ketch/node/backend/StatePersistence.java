package ketch.node.backend;

import java.util.OptionalLong;
import ketch.kv.KvStateMachine;

/**
 * Where the apply lane keeps the state machine between restarts. Every method except
 * {@link #sizeBytes()} and {@link #defragment()} runs on the apply lane. The rule that keeps committed data safe: the node
 * calls {@link #syncNow()} before a snapshot lets the Raft log be compacted, so the log is never
 * compacted past the durably stored applied index.
 */
public interface StatePersistence extends AutoCloseable {

    /** Whether anything survives a restart (false for the in-memory backend: the log and snapshots rebuild it). */
    boolean persistent();

    /** After a batch of applied entries: writes what changed (one backend commit), syncs when the policy says so. */
    void batchApplied(KvStateMachine kv, long appliedTerm);

    /** Makes everything written durable now. */
    void syncNow();

    /** The state machine was replaced (a leader's snapshot): the stored content becomes {@code kv}'s, durably. */
    void replaced(KvStateMachine kv, long appliedTerm);

    /** The lane is idle: a pending time-based sync happens here. */
    void idle();

    /** Bytes on disk (etcd's db size), when persistent; any thread. */
    OptionalLong sizeBytes();

    /** Reclaims free space; the content stays. Runs on its own thread while the apply lane goes on. */
    void defragment();

    /** The applied index durably stored (0 when not persistent or nothing synced yet). */
    long syncedIndex();

    @Override
    void close();

    /** The {@code memory} backend: nothing is stored; the state machine is rebuilt from snapshot + log. */
    StatePersistence MEMORY = new StatePersistence() {
        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public void batchApplied(KvStateMachine kv, long appliedTerm) {}

        @Override
        public void syncNow() {}

        @Override
        public void replaced(KvStateMachine kv, long appliedTerm) {}

        @Override
        public void idle() {}

        @Override
        public OptionalLong sizeBytes() {
            return OptionalLong.empty();
        }

        @Override
        public void defragment() {}

        @Override
        public long syncedIndex() {
            return 0;
        }

        @Override
        public void close() {}
    };
}
