package ketch.node.lanes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.RangeRequest;
import ketch.api.raft.Entry;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.spi.LogStore;
import ketch.api.spi.Transport;
import ketch.kv.KvStateMachine;
import ketch.node.service.PendingRequests;
import ketch.node.snapshot.SnapshotFiles;
import ketch.raft.ConfChange;
import ketch.raft.RaftNode;
import ketch.raft.Role;

/**
 * The three lanes of a member and the ticker that drives Raft's clock: raft (consensus), append
 * (log writes with group commit) and apply (the kv state machine). Threads live here, never in
 * the kernel.
 */
public final class Lanes implements AutoCloseable {
    /** Heartbeat ticks after which a membership change not yet applied here is proposed again. */
    private static final int CONF_CHANGE_RETRY_TICKS = 10;
    /** How often {@link #fastForwardElection} ticks. */
    public static final long FAST_TICK_MILLIS = 5;

    /** How the lanes are set up. */
    public record Settings(Duration tick, long snapshotCount, long catchUpEntries, int maxQueuedProposals) {}

    private final RaftNode raft;
    private final RaftLane raftLane;
    private final AppendLane appendLane;
    private final ApplyLane applyLane;
    private final PendingRequests pending;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService timers;
    private final ketch.node.backend.StatePersistence persistence;

    public Lanes(RaftNode raft, LogStore store, Transport transport, KvStateMachine kv, ketch.api.kv.Limits limits, long appliedIndex, long appliedTerm,
            long memberId, long incarnation, SnapshotFiles snapshots, PendingRequests pending, Clock clock, Settings settings,
            Consumer<Throwable> fatal, ketch.node.backend.StatePersistence persistence) {
        this.raft = raft;
        this.persistence = persistence;
        this.pending = pending;
        this.clock = clock;
        this.settings = settings;
        this.raftLane = new RaftLane(raft, transport, pending, settings.maxQueuedProposals(), fatal);
        this.appendLane = new AppendLane(store, snapshots, transport, new AppendLane.Progress() {
            @Override
            public void persisted(long index, long term) {
                raftLane.submit(() -> raft.persisted(index, term));
            }

            @Override
            public void synced(int writes) {
                raftLane.writesSynced(writes);
            }
        }, fatal);
        this.applyLane = new ApplyLane(kv, limits, appliedIndex, appliedTerm, memberId, incarnation, pending, snapshots,
                settings.snapshotCount(), raftLane::term, new ApplyLane.Progress() {
            @Override
            public void applied(long index) {
                raftLane.submit(() -> raft.applied(index));
            }

            @Override
            public void confChangeApplied(Entry entry) {
                raftLane.submit(() -> raft.applyConfChange(ConfChange.of(entry)));
            }

            @Override
            public void snapshotTaken(long index, long term) {
                raftLane.submit(() -> {
                    SnapshotMetadata meta = new SnapshotMetadata(index, term, raft.status().conf());
                    raft.snapshotTaken(meta);
                    // Keep a tail of entries behind the snapshot so a slightly lagging follower catches up from the log.
                    long upTo = Math.max(0, index - settings.catchUpEntries());
                    appendLane.submit(new PersistJob.Compact(meta, upTo));
                });
            }
        }, fatal, persistence);
        raftLane.connect(appendLane, applyLane);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("ketch-ticker").daemon(true).unstarted(r));
    }

    /** Installs the services that follow the state machine on the apply lane; call before {@link #start()}. */
    public void hooks(StateMachineHooks hooks) {
        applyLane.hooks(hooks);
    }

    /** Runs {@code work} on the apply lane with the state machine, in order with applies and reads. */
    public void onStateMachine(java.util.function.Consumer<KvStateMachine> work) {
        applyLane.submit(new ApplyJob.Task(work));
    }

    /** Computes {@code query} on the apply lane, in order with applies; failures complete the future. */
    public <T> java.util.concurrent.CompletableFuture<T> query(java.util.function.Function<KvStateMachine, T> query) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        onStateMachine(kv -> {
            try {
                f.complete(query.apply(kv));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * Moves leadership to voter {@code target}: refused unless this member leads and the target is
     * another voter; completes when the target leads, or fails after {@code timeout}.
     */
    public java.util.concurrent.CompletableFuture<Void> transferLeadership(long target, java.time.Duration timeout) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        raftLane.submit(() -> {
            ketch.raft.Status status = raft.status();
            if (status.role() != Role.LEADER) {
                done.completeExceptionally(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.FAILED_PRECONDITION, "etcdserver: not leader"));
            } else if (target == status.id()) {
                done.complete(null);
            } else if (!status.conf().voters().contains(target)) {
                done.completeExceptionally(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.FAILED_PRECONDITION,
                        "etcdserver: bad leader transferee"));
            } else {
                raft.transferLeadership(target);
                long deadline = clock.nanoTime() + timeout.toNanos();
                java.util.concurrent.ScheduledFuture<?>[] poll = new java.util.concurrent.ScheduledFuture<?>[1];
                poll[0] = timers.scheduleAtFixedRate(() -> {
                    if (raftLane.leaderId() == target) {
                        done.complete(null);
                    } else if (clock.nanoTime() - deadline > 0) {
                        done.completeExceptionally(new ketch.api.kv.KvException(ketch.api.kv.StatusCode.UNAVAILABLE,
                                "etcdserver: request timed out, leader transfer took too long"));
                    }
                    if (done.isDone() && poll[0] != null) poll[0].cancel(false);
                }, 10, 10, TimeUnit.MILLISECONDS);
            }
        });
        return done;
    }

    /** Entries applied to the state machine since start; those the restored state already held are not counted. */
    public long appliedSinceStart() {
        return applyLane.appliedSinceStart();
    }

    /** The backend's bytes on disk, when it is persistent. */
    public java.util.OptionalLong backendSizeBytes() {
        return persistence.sizeBytes();
    }

    /**
     * Defragments the backend on a thread of its own while the apply lane goes on committing (the
     * backend holds the writer back only for its final catch-up); one at a time.
     */
    public java.util.concurrent.CompletableFuture<Void> defragmentBackend() {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            synchronized (persistence) {
                persistence.defragment();
            }
        }, r -> Thread.ofPlatform().name("ketch-defragment").daemon(true).start(r));
    }

    /** Raft's status (term, commit, last index, configuration), read on the raft lane. */
    public java.util.concurrent.CompletableFuture<ketch.raft.Status> raftStatus() {
        java.util.concurrent.CompletableFuture<ketch.raft.Status> f = new java.util.concurrent.CompletableFuture<>();
        raftLane.submit(() -> f.complete(raft.status()));
        return f;
    }

    public void start() {
        appendLane.start();
        applyLane.start();
        raftLane.start();
        long tickMillis = settings.tick().toMillis();
        timers.scheduleAtFixedRate(raftLane::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(() -> pending.expire(clock.nanoTime()), 100, 100, TimeUnit.MILLISECONDS);
    }

    /**
     * Ticks every few milliseconds instead of every heartbeat until a leader is known or
     * {@code maxTicks} have passed: a single-member group elects itself at once, also after a
     * restart, where Raft first re-applies its configuration (however long the log) before it may
     * campaign.
     */
    public void fastForwardElection(int maxTicks) {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(maxTicks);
        java.util.concurrent.ScheduledFuture<?>[] task = new java.util.concurrent.ScheduledFuture<?>[1];
        task[0] = timers.scheduleAtFixedRate(() -> {
            if (raftLane.leaderId() != 0 || left.decrementAndGet() < 0) {
                task[0].cancel(false); // assigned before the first run: that starts 5 ms later
                return;
            }
            raftLane.tick();
        }, FAST_TICK_MILLIS, FAST_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Queues an encoded proposal for request {@code seq}; false when the queue is full. */
    public boolean propose(long seq, Bytes data) {
        return raftLane.propose(new RaftLane.Proposal(seq, data));
    }

    /**
     * Proposes a membership change for request {@code seq} with {@code context} (the member's
     * attributes, in a proposal envelope); the apply lane completes the request when the entry is
     * applied here. Without a leader, during a leader transfer or while another change is unapplied
     * it is retried until its deadline, as client writes are; other refusals fail it at once.
     */
    public void proposeConfChange(long seq, ConfChange change, Bytes context) {
        raftLane.submit(() -> {
            if (!pending.isWaiting(seq)) return;
            switch (raft.proposeConfChange(change, context)) {
                // A leader silently drops a forwarded change while its own is unapplied (a new leader's
                // first entry counts), and a leader may lose an appended one: propose again until the
                // change is applied here. Changes are idempotent (a repeat of an applied one changes nothing).
                case ketch.raft.ProposeResult.Accepted a ->
                        timers.schedule(() -> proposeConfChange(seq, change, context), CONF_CHANGE_RETRY_TICKS * settings.tick().toMillis(),
                                TimeUnit.MILLISECONDS);
                case ketch.raft.ProposeResult.Forwarded f ->
                        timers.schedule(() -> proposeConfChange(seq, change, context), CONF_CHANGE_RETRY_TICKS * settings.tick().toMillis(),
                                TimeUnit.MILLISECONDS);
                case ketch.raft.ProposeResult.Refused r when r.reason() == ketch.raft.ProposeResult.Reason.NO_LEADER
                        || r.reason() == ketch.raft.ProposeResult.Reason.TRANSFERRING
                        || r.reason() == ketch.raft.ProposeResult.Reason.CONF_CHANGE_PENDING ->
                        timers.schedule(() -> proposeConfChange(seq, change, context), settings.tick().toMillis(), TimeUnit.MILLISECONDS);
                case ketch.raft.ProposeResult.Refused r -> pending.fail(seq,
                        new ketch.api.kv.KvException(ketch.api.kv.StatusCode.UNAVAILABLE, "etcdserver: proposal refused: " + r.reason()));
            }
        });
    }

    /** A linearizable read: served after a ReadIndex round confirms leadership and the state has caught up. */
    public void readLinearizable(long seq, RangeRequest request) {
        raftLane.readLinearizable(new ApplyJob.Read(request, seq));
    }

    /** A serializable read: served from this member's applied state without consulting the leader. */
    public void readSerializable(long seq, RangeRequest request) {
        applyLane.submit(new ApplyJob.Reads(0, List.of(new ApplyJob.Read(request, seq))));
    }

    /** Delivers a message from a peer. */
    public void receive(Message message) {
        raftLane.step(message);
    }

    public void unreachable(long peerId) {
        raftLane.submit(() -> raft.reportUnreachable(peerId));
    }

    public long term() {
        return raftLane.term();
    }

    public long leaderId() {
        return raftLane.leaderId();
    }

    public Role role() {
        return raftLane.role();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        raftLane.close();
        applyLane.close();
        appendLane.close();
        persistence.close(); // after the apply lane, its only writer, stopped
    }
}
