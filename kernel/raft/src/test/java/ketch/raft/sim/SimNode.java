package ketch.raft.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.env.RandomSource;
import ketch.api.raft.ConfState;
import ketch.api.raft.Entry;
import ketch.api.raft.HardState;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;
import ketch.raft.ConfChange;
import ketch.raft.RaftNode;
import ketch.raft.RaftStorage;
import ketch.raft.ReadState;
import ketch.raft.Ready;
import ketch.raft.Snapshot;
import ketch.raft.SnapshotChunk;
import ketch.raft.Role;
import ketch.tck.linearizability.RegisterOutput;

/**
 * One simulated member, driven exactly as the node runtime drives a {@link RaftNode}: after every
 * input, each Ready is taken, its {@code messages} sent at once, its writes put on the simulated
 * disk and synced after a simulated fsync latency (syncs complete in order), its
 * {@code messagesAfterPersist} sent and {@code persisted(...)} reported only when that sync is
 * done; committed entries are applied to a register machine and reported with
 * {@code applied(...)}. The disk outlives crashes; everything else is rebuilt on restart.
 */
final class SimNode {

    /** A Ready's durability duty waiting for its fsync. */
    private record PendingSync(List<Message> afterPersist, Optional<Entry> lastEntry, Optional<long[]> snapshotPoint) {}

    final long id;
    final SimDisk disk = new SimDisk();
    private final Simulation sim;
    private Optional<RaftNode> raft = Optional.empty();
    private RegisterMachine machine = new RegisterMachine();
    private long incarnation;
    private final ArrayDeque<PendingSync> syncs = new ArrayDeque<>();
    private long lastSyncAt;
    private final TreeMap<Long, List<Long>> readsByIndex = new TreeMap<>();
    private long appliedIndex;
    private long commitObserved;
    private long diskStalledUntil;
    /** Snapshot files by index; written durably at once (a snapshot store fsyncs before it reports). */
    private final TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
    private ConfState conf = ConfState.EMPTY;

    /** Applied entries between two snapshots. */
    static final long SNAPSHOT_EVERY = 40;
    /** Entries kept behind a snapshot for followers that are only a little behind. */
    static final long CATCH_UP_TAIL = 5;
    /** Extra fsync latency while the disk is stalled. */
    static final long STALL_MILLIS = 80;

    SimNode(long id, Simulation sim) {
        this.id = id;
        this.sim = sim;
    }

    boolean alive() {
        return raft.isPresent();
    }

    long incarnation() {
        return incarnation;
    }

    /** The running core; only while alive. */
    RaftNode raft() {
        return raft.orElseThrow(() -> new IllegalStateException("node " + id + " is down"));
    }

    long appliedIndex() {
        return appliedIndex;
    }

    /** Starts (or restarts) from the disk; a founding member of a new group bootstraps. */
    void start(Optional<ConfState> bootstrap) {
        incarnation++;
        RandomSource random = RandomSource.seeded(Simulation.mix(sim.seed(), id * 1_000_003L + incarnation));
        RaftNode node = new RaftNode(sim.raftConfig(id), RaftStorage.of(disk), random, this::readSnapshot);
        bootstrap.ifPresent(node::bootstrap);
        raft = Optional.of(node);
        SnapshotMetadata base = disk.snapshot();
        machine = base.index() == 0 ? new RegisterMachine() : RegisterMachine.restore(snapshots.get(base.index()).data());
        conf = base.conf();
        appliedIndex = base.index();
        commitObserved = Math.min(commitObserved, disk.hardState().commit());
        lastSyncAt = sim.events().now();
        sim.events().after(1 + sim.random().nextInt((int) Simulation.TICK_MILLIS), new SimEvent.Tick(id, incarnation));
        process();
    }

    /** Power loss: unsynced writes are lost (or, torn, partly kept); volatile state is gone. */
    void crash(boolean torn) {
        int keep = 0;
        int keepEntries = 0;
        if (torn && disk.unsyncedWrites() > 0) {
            keep = 1 + sim.random().nextInt(disk.unsyncedWrites());
            keepEntries = 1 + sim.random().nextInt(8);
        }
        raft = Optional.empty();
        incarnation++;
        syncs.clear();
        readsByIndex.clear();
        disk.crash(keep, keepEntries);
        sim.trace(id, "CRASH" + (torn ? " (torn: kept " + keep + " unsynced writes)" : "") + ", disk last index "
                + disk.lastIndex() + ", hard state " + disk.hardState());
    }

    void tick(long tickIncarnation) {
        if (tickIncarnation != incarnation || raft.isEmpty()) return;
        raft.get().tick();
        process();
        sim.events().after(Simulation.TICK_MILLIS, new SimEvent.Tick(id, incarnation));
    }

    /** A burst of ticks at once (the node's clock jumped). */
    void clockJump(int ticks) {
        if (raft.isEmpty()) return;
        for (int i = 0; i < ticks; i++) {
            raft.get().tick();
            process();
        }
    }

    void deliver(Message m) {
        if (raft.isEmpty()) return;
        raft.get().step(m);
        process();
    }

    /** The oldest pending fsync completed. */
    void syncDone(long syncIncarnation) {
        if (syncIncarnation != incarnation || raft.isEmpty() || syncs.isEmpty()) return;
        PendingSync done = syncs.removeFirst();
        disk.sync();
        for (Message m : ketch.raft.Acknowledgements.coalesce(done.afterPersist())) sim.send(m);
        if (done.lastEntry().isPresent()) {
            raft.get().persisted(done.lastEntry().get().index(), done.lastEntry().get().term());
        } else if (done.snapshotPoint().isPresent()) {
            raft.get().persisted(done.snapshotPoint().get()[0], done.snapshotPoint().get()[1]);
        }
        process();
    }

    /** Handles every Ready the core has. */
    void process() {
        while (raft.isPresent() && raft.get().hasReady()) {
            RaftNode node = raft.get();
            Ready rd = node.ready();
            for (Message m : rd.messages()) sim.send(m);
            persist(rd);
            node.advance(rd);
            apply(rd);
            for (ReadState rs : rd.readStates()) readAnswered(rs);
            serveReads();
        }
    }

    private void persist(Ready rd) {
        rd.snapshot().ifPresent(snap -> {
            snapshots.put(snap.metadata().index(), snap);
            disk.applySnapshot(snap.metadata());
            sim.trace(id, "installs snapshot at " + snap.metadata().index() + " (term " + snap.metadata().term() + ", "
                    + snap.data().size() + " bytes)");
        });
        if (!rd.entries().isEmpty()) {
            List<Entry> replaced = disk.write(rd.entries());
            sim.invariants().entriesWritten(id, rd.entries(), replaced, disk);
        }
        rd.hardState().ifPresent(hs -> {
            disk.setHardState(hs);
            observeCommit(hs);
        });
        if (rd.mustPersist() || !rd.messagesAfterPersist().isEmpty()) {
            Optional<Entry> last = rd.entries().isEmpty() ? Optional.empty() : Optional.of(rd.entries().getLast());
            Optional<long[]> snapshotPoint = rd.snapshot().map(snap -> new long[] {snap.metadata().index(), snap.metadata().term()});
            syncs.addLast(new PendingSync(rd.messagesAfterPersist(), last, snapshotPoint));
            long latency = sim.random().nextInt((int) sim.faults().maxFsyncMillis() + 1);
            if (sim.events().now() < diskStalledUntil) latency += STALL_MILLIS;
            long at = Math.max(lastSyncAt, sim.events().now() + latency);
            lastSyncAt = at;
            sim.events().at(at, new SimEvent.SyncDone(id, incarnation));
        }
    }

    /** Entries up to the hard state's commit index are committed: tell the invariant checker. */
    private void observeCommit(HardState hs) {
        long upTo = Math.min(hs.commit(), disk.lastIndex());
        if (upTo > commitObserved && upTo >= disk.firstIndex() && role() == Role.LEADER && disk.entry(upTo).term() < hs.term()) {
            sim.oldTermCommit();
            sim.trace(id, "leader of term " + hs.term() + " commits " + Invariants.describe(disk.entry(upTo)) + " from an earlier term");
        }
        for (long i = Math.max(commitObserved + 1, disk.firstIndex()); i <= upTo; i++) {
            sim.invariants().committedObserved(id, hs.term(), disk.entry(i));
        }
        if (upTo > commitObserved && role() == Role.LEADER && !disk.allSynced()) sim.nemesis().committedWhileUnsynced(this);
        commitObserved = Math.max(commitObserved, upTo);
    }

    private void apply(Ready rd) {
        RaftNode node = raft.get();
        rd.snapshot().ifPresent(snap -> {
            machine = RegisterMachine.restore(snap.data());
            conf = snap.metadata().conf();
            appliedIndex = snap.metadata().index();
            node.applied(appliedIndex);
        });
        for (Entry e : rd.committedEntries()) {
            if (e.index() != appliedIndex + 1) {
                sim.fail(Violation.Check.STATE_MACHINE_SAFETY, "node " + id + " applied index " + e.index() + " after " + appliedIndex);
            }
            sim.invariants().applied(id, node.term(), e);
            if (e.type() == Entry.Type.CONF_CHANGE) {
                conf = node.applyConfChange(ConfChange.of(e));
                sim.trace(id, "applied " + ConfChange.of(e) + " -> voters " + conf.voters());
            } else if (!e.data().isEmpty()) {
                ClientCommand command = ClientCommand.decode(e.data());
                RegisterOutput output = machine.apply(command);
                sim.clients().answered(id, command.requestId(), output);
            }
            appliedIndex = e.index();
        }
        if (!rd.committedEntries().isEmpty()) {
            node.applied(appliedIndex);
            maybeSnapshot(node);
        }
    }

    /**
     * Every {@link #SNAPSHOT_EVERY} applied entries: snapshot the registers, tell the core, and
     * compact the log behind it except a short catch-up tail, so lagging members need InstallSnapshot.
     */
    private void maybeSnapshot(RaftNode node) {
        long last = snapshots.isEmpty() ? 0 : snapshots.lastKey();
        if (appliedIndex - last < SNAPSHOT_EVERY || appliedIndex < disk.firstIndex()) return;
        SnapshotMetadata meta = new SnapshotMetadata(appliedIndex, disk.term(appliedIndex), conf);
        snapshots.put(appliedIndex, new Snapshot(meta, machine.snapshot()));
        node.snapshotTaken(meta);
        disk.applySnapshot(meta);
        long compactTo = appliedIndex - CATCH_UP_TAIL;
        if (compactTo >= disk.firstIndex()) disk.compact(compactTo);
        sim.trace(id, "snapshot at " + appliedIndex + ", log compacted up to " + Math.max(compactTo, disk.firstIndex() - 1));
    }

    /** The core's {@link ketch.raft.SnapshotSource}: chunks of a stored snapshot file. */
    private Optional<SnapshotChunk> readSnapshot(SnapshotMetadata meta, long offset, int maxBytes) {
        Snapshot snap = snapshots.get(meta.index());
        if (snap == null || !snap.metadata().equals(meta) || offset > snap.data().size()) return Optional.empty();
        byte[] all = snap.data().toByteArray();
        int length = (int) Math.min(maxBytes, all.length - offset);
        return Optional.of(new SnapshotChunk(Bytes.copyOf(all, (int) offset, length), offset + length == all.length));
    }

    private void readAnswered(ReadState rs) {
        if (rs.isReady()) {
            readsByIndex.computeIfAbsent(rs.index(), k -> new ArrayList<>()).add(rs.requestId());
        } else {
            sim.clients().refused(id, rs.requestId(), rs.outcome().name());
        }
    }

    /** Reads whose read index is applied see the local registers now. */
    private void serveReads() {
        Map<Long, List<Long>> due = readsByIndex.headMap(appliedIndex, true);
        if (due.isEmpty()) return;
        for (List<Long> requests : due.values()) {
            for (long requestId : requests) {
                sim.clients().openRead(id, requestId).ifPresent(key -> sim.clients().answered(id, requestId,
                        new RegisterOutput.ReadValue(machine.read(key))));
            }
        }
        due.clear();
    }

    /** Every fsync started before {@code until} takes {@link #STALL_MILLIS} longer (a slow or stalled disk). */
    void stallDisk(long until) {
        diskStalledUntil = until;
    }

    /** Current role, for the invariant checks (FOLLOWER when down). */
    Role role() {
        return raft.map(RaftNode::role).orElse(Role.FOLLOWER);
    }
}
