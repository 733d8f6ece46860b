package ketch.raft;

import java.util.List;
import java.util.Optional;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Entry;
import ketch.api.raft.Heartbeat;
import ketch.api.raft.HeartbeatResponse;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.Message;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.SnapshotResponse;
import ketch.api.spi.LogCompactedException;
import ketch.api.spi.LogUnavailableException;

/**
 * The leader's side of log replication (Raft §5.3, §7): what to send each member given its
 * {@link Progress}, what the answers mean, and when an index is committed (§5.4.2).
 */
final class Replication {
    private final RaftConfig config;
    private final long id;
    private final RaftLog log;
    private final Membership members;
    private final Outbox out;
    private final SnapshotSource snapshots;
    private long term;
    /** Leader messages wait for persistence until self match reaches this index (0: the term is durable already). */
    private long termDurableAt;
    private SnapshotMetadata latestSnapshot;

    Replication(RaftConfig config, RaftLog log, Membership members, Outbox out, SnapshotSource snapshots,
            SnapshotMetadata initialSnapshot) {
        this.config = config;
        this.id = config.id();
        this.log = log;
        this.members = members;
        this.out = out;
        this.snapshots = snapshots;
        this.latestSnapshot = initialSnapshot;
    }

    /**
     * Starts leading {@code leaderTerm}. {@code durableAt} is 0 when the term is known durable (other
     * voters granted votes, which they only do after our vote requests left after persisting), or
     * the index of the term's first entry when it is not (a lone voter elected itself).
     */
    void lead(long leaderTerm, long durableAt) {
        this.term = leaderTerm;
        this.termDurableAt = durableAt;
    }

    /** A state-machine snapshot this member can serve to followers. */
    void offerSnapshot(SnapshotMetadata meta) {
        if (meta.index() > latestSnapshot.index()) latestSnapshot = meta;
    }

    /** Raft §5.3/§5.4.2: commit the highest index a quorum holds, if it is from the current term. */
    boolean maybeCommit() {
        long quorumIndex = Majority.committedIndex(members.voters(), v -> {
            Progress pr = members.progress(v);
            return pr == null ? 0 : pr.match;
        });
        if (quorumIndex <= log.committed || quorumIndex == Long.MAX_VALUE) return false;
        boolean currentTerm = log.termOrZero(quorumIndex) == term;
        if (!currentTerm && !config.has(PlantedBug.COMMIT_PREVIOUS_TERM_BY_COUNTING)) return false;
        log.commitTo(quorumIndex);
        return true;
    }

    void broadcastAppend() {
        for (long member : members.ids()) {
            if (member == id) continue;
            if (sendAppend(member, true)) {
                while (sendAppend(member, false)) {
                    // a backlog larger than maxSizePerMsg fills the window with several messages
                }
            }
        }
    }

    void broadcastHeartbeat(long readRound) {
        for (long member : members.ids()) {
            if (member == id) continue;
            Progress pr = members.progress(member);
            sendAsLeader(new Heartbeat(id, member, term, Math.min(pr.match, log.committed), readRound));
        }
    }

    /** Sends the next append to {@code to} if its progress allows; true if a message was sent. */
    boolean sendAppend(long to, boolean sendIfEmpty) {
        Progress pr = members.progress(to);
        if (pr == null || pr.isPaused()) return false;
        long prevIndex = pr.next - 1;
        long prevTerm;
        List<Entry> entries;
        try {
            prevTerm = log.term(prevIndex);
            entries = log.entries(pr.next, log.lastIndex() + 1, config.maxSizePerMsg());
        } catch (LogCompactedException e) {
            return sendSnapshot(to, pr);
        } catch (LogUnavailableException e) {
            pr.next = log.lastIndex() + 1; // a stale optimistic next: fall back to the end of the log
            return false;
        }
        if (entries.isEmpty() && !sendIfEmpty) return false;
        if (pr.state == Progress.State.REPLICATE && !entries.isEmpty()) {
            long bytes = 0;
            for (Entry e : entries) bytes += e.sizeBytes();
            pr.next = entries.getLast().index() + 1;
            pr.inflights.add(entries.getLast().index(), bytes);
        } else if (pr.state == Progress.State.PROBE) {
            pr.probeSent = true;
        }
        sendAsLeader(new AppendEntries(id, to, term, prevIndex, prevTerm, entries, log.committed));
        return true;
    }

    void onAppendResponse(AppendResponse a) {
        Progress pr = members.progress(a.from());
        if (pr == null || a.index() > log.lastIndex()) return; // claims entries we never had: ignore
        pr.recentActive = true;
        if (a.reject()) {
            long matchHint = a.rejectHint();
            if (a.rejectHintTerm() > 0) matchHint = log.findConflictByTerm(a.rejectHint(), a.rejectHintTerm());
            if (pr.maybeDecrTo(a.index(), matchHint)) {
                if (pr.state == Progress.State.REPLICATE) pr.becomeProbe();
                sendAppend(a.from(), true);
            }
            return;
        }
        boolean wasPaused = pr.isPaused();
        if (!pr.maybeUpdate(a.index())) return;
        switch (pr.state) {
            case PROBE -> pr.becomeReplicate();
            case SNAPSHOT -> {
                if (pr.match >= pr.pendingSnapshot || pr.match + 1 >= log.firstIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
            }
            case REPLICATE -> pr.inflights.freeLE(a.index());
        }
        if (maybeCommit()) {
            broadcastAppend();
        } else if (wasPaused) {
            sendAppend(a.from(), true);
        }
        while (sendAppend(a.from(), false)) {
            // keep the pipeline full while the window allows
        }
    }

    void onHeartbeatResponse(HeartbeatResponse h) {
        Progress pr = members.progress(h.from());
        if (pr == null) return;
        pr.recentActive = true;
        pr.probeSent = false;
        if (pr.state == Progress.State.REPLICATE && pr.inflights.full()) pr.inflights.freeFirst();
        if (pr.state == Progress.State.SNAPSHOT) {
            // no acknowledgement since the previous heartbeat response: the chunk may be lost
            if (pr.snapshotOffset == pr.snapshotResendMark) sendSnapshotChunk(h.from(), pr);
            pr.snapshotResendMark = pr.snapshotOffset;
        } else if (pr.match < log.lastIndex()) {
            sendAppend(h.from(), true);
        }
    }

    void onSnapshotResponse(SnapshotResponse s) {
        Progress pr = members.progress(s.from());
        if (pr == null) return;
        pr.recentActive = true;
        if (pr.state != Progress.State.SNAPSHOT || s.snapshotIndex() != pr.pendingSnapshot) return;
        if (s.reject() || s.nextOffset() > pr.snapshotOffset) {
            pr.snapshotOffset = s.nextOffset();
            sendSnapshotChunk(s.from(), pr);
        }
    }

    /** The transport could not reach {@code member}: stop streaming to it optimistically. */
    void unreachable(long member) {
        Progress pr = members.progress(member);
        if (pr != null && pr.state == Progress.State.REPLICATE) pr.becomeProbe();
    }

    /** Out-of-band snapshot delivery result; either way the member is probed next. */
    void snapshotReported(long member, boolean ok) {
        Progress pr = members.progress(member);
        if (pr == null || pr.state != Progress.State.SNAPSHOT) return;
        if (!ok) pr.pendingSnapshot = 0;
        pr.becomeProbe();
        pr.probeSent = true; // wait for the follower's answer or the next heartbeat response
    }

    /**
     * Leader messages carry its term, so they may leave at once (in parallel with the leader's own
     * write, thesis §10.2.1) only when the term is durable; a lone voter's term is durable with the
     * term's first entry.
     */
    void sendAsLeader(Message m) {
        Progress self = members.progress(id);
        if (termDurableAt == 0 || (self != null && self.match >= termDurableAt)) out.send(m);
        else out.sendAfterPersist(m);
    }

    private boolean sendSnapshot(long to, Progress pr) {
        if (latestSnapshot.index() == 0 || latestSnapshot.index() < log.firstIndex() - 1) return false;
        pr.becomeSnapshot(latestSnapshot.index());
        return sendSnapshotChunk(to, pr);
    }

    private boolean sendSnapshotChunk(long to, Progress pr) {
        SnapshotMetadata meta = latestSnapshot;
        if (meta.index() != pr.pendingSnapshot) {
            pr.becomeProbe();
            return false;
        }
        Optional<SnapshotChunk> chunk;
        try {
            chunk = snapshots.read(meta, pr.snapshotOffset, (int) config.maxSizePerMsg());
        } catch (RuntimeException e) {
            chunk = Optional.empty(); // e.g. an offset past the end from a confused follower
        }
        if (chunk.isEmpty()) {
            pr.pendingSnapshot = 0;
            pr.becomeProbe(); // the snapshot vanished; probing will find a newer one
            pr.probeSent = true;
            return false;
        }
        out.send(new InstallSnapshot(id, to, term, meta, pr.snapshotOffset, chunk.get().data(), chunk.get().last()));
        return true;
    }
}
