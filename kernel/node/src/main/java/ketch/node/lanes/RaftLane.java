package ketch.node.lanes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;
import ketch.api.Bytes;
import ketch.api.kv.KvException;
import ketch.api.raft.Message;
import ketch.api.spi.Transport;
import ketch.node.service.PendingRequests;
import ketch.raft.ProposeResult;
import ketch.raft.RaftNode;
import ketch.raft.ReadState;
import ketch.raft.Ready;
import ketch.raft.Role;

/**
 * The raft lane: the only thread that touches the {@link RaftNode}. Each turn it runs the queued
 * events (ticks, peer messages, progress reports from the other lanes), then hands Raft every
 * proposal queued at that moment as one batch and every waiting linearizable read as one
 * ReadIndex request, then dispatches the Ready: messages out now, the write to the append lane,
 * committed entries to the apply lane.
 */
final class RaftLane extends Lane<Runnable> {
    private static final Logger LOG = Logger.getLogger(RaftLane.class.getName());
    /** Above this many tracked forwards, the answered ones are dropped from the map. */
    private static final int MAX_TRACKED_FORWARDS = 4096;

    /** A client command waiting to enter the log. */
    record Proposal(long seq, Bytes data) {}

    private final RaftNode raft;
    private final Transport transport;
    private final PendingRequests pending;
    private final int maxQueuedProposals;
    private final Consumer<Throwable> fatal;
    private final ConcurrentLinkedQueue<Proposal> proposals = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ApplyJob.Read> reads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final RaftWakeups wakeups = new RaftWakeups(() -> submit(() -> { }));
    /** Proposals refused for want of a leader; retried when one appears, failed at their deadline. */
    private final List<Proposal> parked = new ArrayList<>();
    private final Map<Long, List<ApplyJob.Read>> readBatches = new LinkedHashMap<>();
    /** Proposals this follower forwarded, by request, with the leader they went to. */
    private final Map<Long, Long> forwarded = new LinkedHashMap<>();
    private AppendLane appendLane;
    private ApplyLane applyLane;
    private long nextReadId = 1;
    private volatile long term;
    private volatile long leaderId;
    private volatile Role role = Role.FOLLOWER;

    RaftLane(RaftNode raft, Transport transport, PendingRequests pending, int maxQueuedProposals, Consumer<Throwable> fatal) {
        super("ketch-raft");
        this.raft = raft;
        this.transport = transport;
        this.pending = pending;
        this.maxQueuedProposals = maxQueuedProposals;
        this.fatal = fatal;
        this.term = raft.status().term();
        this.leaderId = raft.status().leaderId();
    }

    void connect(AppendLane append, ApplyLane apply) {
        this.appendLane = append;
        this.applyLane = apply;
    }

    /** Queues a proposal; false when the queue is full (the caller answers "too many requests"). */
    boolean propose(Proposal proposal) {
        if (queued.incrementAndGet() > maxQueuedProposals) {
            queued.decrementAndGet();
            return false;
        }
        proposals.add(proposal);
        wakeups.proposalQueued(role == Role.LEADER); // the turn drains every queued proposal
        return true;
    }

    /** Queues a linearizable read; all reads queued at one moment share one ReadIndex round. */
    void readLinearizable(ApplyJob.Read read) {
        reads.add(read);
        wakeups.readQueued();
    }

    /** The append lane synced {@code writes} of the writes this lane handed it. */
    void writesSynced(int writes) {
        wakeups.writesDone(writes, () -> queued.get() > 0);
    }

    void step(Message message) {
        submit(() -> raft.step(message));
    }

    void tick() {
        submit(raft::tick);
    }

    long term() {
        return term;
    }

    long leaderId() {
        return leaderId;
    }

    Role role() {
        return role;
    }

    @Override
    protected void process(List<Runnable> batch) {
        for (Runnable r : batch) r.run();
        wakeups.turnStarted();
        proposeQueued();
        readQueued();
        while (raft.hasReady()) dispatch(raft.ready());
    }

    private void proposeQueued() {
        List<Proposal> batch = new ArrayList<>(parked);
        parked.clear();
        for (Proposal p; (p = proposals.poll()) != null; ) {
            queued.decrementAndGet();
            batch.add(p);
        }
        batch.removeIf(p -> !pending.isWaiting(p.seq())); // timed out while queued: never propose it
        if (batch.isEmpty()) return;
        ProposeResult result = raft.propose(batch.stream().map(Proposal::data).toList());
        switch (result) {
            case ProposeResult.Accepted a -> { }
            case ProposeResult.Forwarded f -> {
                if (forwarded.size() > MAX_TRACKED_FORWARDS) forwarded.keySet().removeIf(seq -> !pending.isWaiting(seq));
                for (Proposal p : batch) forwarded.put(p.seq(), f.leaderId());
            }
            case ProposeResult.Refused r -> {
                switch (r.reason()) {
                    case NO_LEADER, TRANSFERRING -> parked.addAll(batch); // wait for a leader, up to the deadline
                    case TOO_MANY_UNCOMMITTED -> batch.forEach(p -> pending.fail(p.seq(), KvException.tooManyRequests()));
                    default -> batch.forEach(p -> pending.fail(p.seq(),
                            new KvException(ketch.api.kv.StatusCode.UNAVAILABLE, "etcdserver: proposal refused: " + r.reason())));
                }
            }
        }
    }

    private void readQueued() {
        List<ApplyJob.Read> batch = new ArrayList<>();
        for (ApplyJob.Read r; (r = reads.poll()) != null; ) batch.add(r);
        if (batch.isEmpty()) return;
        long id = nextReadId++;
        readBatches.put(id, batch);
        raft.readIndex(id);
    }

    private void dispatch(Ready rd) {
        rd.softState().ifPresent(s -> {
            if (s.leaderId() != leaderId) {
                LOG.info("leader is now " + Long.toHexString(s.leaderId()) + " (this member is " + s.role() + ")");
                failForwardedElsewhere(s.leaderId());
            }
            leaderId = s.leaderId();
            role = s.role();
        });
        rd.hardState().ifPresent(h -> term = h.term());
        if (!rd.messages().isEmpty()) transport.send(rd.messages());
        if (rd.mustPersist() || !rd.messagesAfterPersist().isEmpty()) {
            wakeups.writeSubmitted();
            appendLane.submit(new PersistJob.Write(rd.hardState(), rd.entries(), rd.snapshot(), rd.messagesAfterPersist(), rd.mustSync()));
        }
        // The leader's snapshot first, then the entries after it: the apply lane takes them in this order.
        rd.snapshot().ifPresent(snap -> applyLane.submit(new ApplyJob.Install(snap)));
        if (!rd.committedEntries().isEmpty()) applyLane.submit(new ApplyJob.Committed(rd.committedEntries()));
        for (ReadState rs : rd.readStates()) {
            List<ApplyJob.Read> batch = readBatches.remove(rs.requestId());
            if (batch == null) continue;
            if (rs.isReady()) {
                applyLane.submit(new ApplyJob.Reads(rs.index(), batch));
            } else if (rs.outcome() == ReadState.Outcome.NO_LEADER) {
                reads.addAll(batch); // ask again next turn; the deadline bounds the wait
            } else {
                batch.forEach(r -> pending.fail(r.seq(), PendingRequests.timedOut()));
            }
        }
        raft.advance(rd);
    }

    /**
     * Proposals forwarded to a leader that is no longer the leader may never be answered by it: fail
     * them now with etcd's "leader changed" instead of at their deadline, so clients retry at once.
     * Whether such a write took effect is unknown either way, as with a timeout.
     */
    private void failForwardedElsewhere(long newLeader) {
        forwarded.entrySet().removeIf(e -> {
            if (e.getValue() == newLeader) return false;
            pending.fail(e.getKey(), LEADER_CHANGED);
            return true;
        });
    }

    private static final KvException LEADER_CHANGED =
            new KvException(ketch.api.kv.StatusCode.UNAVAILABLE, "etcdserver: leader changed");

    @Override
    protected void onFailure(Throwable cause) {
        fatal.accept(cause);
    }
}
