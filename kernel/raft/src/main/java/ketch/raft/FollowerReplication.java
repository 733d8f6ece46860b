package ketch.raft;

import java.util.List;
import ketch.api.raft.AppendEntries;
import ketch.api.raft.AppendResponse;
import ketch.api.raft.Entry;
import ketch.api.raft.InstallSnapshot;
import ketch.api.raft.SnapshotMetadata;
import ketch.api.raft.SnapshotResponse;

/**
 * The follower's side of replication: accepting appends (Raft §5.3, the log-matching check) and
 * assembling and installing a snapshot streamed in chunks (§7). Acknowledgements promise durable
 * entries, so they leave only after persisting.
 */
final class FollowerReplication {
    private final long id;
    private final RaftLog log;
    private final Membership members;
    private final Outbox out;
    private final Replication replication;
    private SnapshotReceiver receiver;

    FollowerReplication(long id, RaftLog log, Membership members, Outbox out, Replication replication) {
        this.id = id;
        this.log = log;
        this.members = members;
        this.out = out;
        this.replication = replication;
    }

    /** Forgets a half-received snapshot (new term or role). */
    void reset() {
        receiver = null;
    }

    void onAppend(AppendEntries a, long term) {
        if (!wellFormed(a)) return; // no leader sends this: ignore it
        if (a.prevIndex() < log.committed) {
            out.sendAfterPersist(new AppendResponse(id, a.from(), term, log.committed, false, 0, 0));
            return;
        }
        long lastNew = log.maybeAppend(a.prevIndex(), a.prevTerm(), a.commit(), a.entries());
        if (lastNew == RaftLog.CONFLICTS_WITH_COMMITTED) return; // never overwrite a committed entry
        if (lastNew >= 0) {
            out.sendAfterPersist(new AppendResponse(id, a.from(), term, lastNew, false, 0, 0));
            return;
        }
        // fast back-off: point the leader at our last index whose term is <= prevTerm
        long hint = log.findConflictByTerm(Math.min(a.prevIndex(), log.lastIndex()), a.prevTerm());
        out.sendAfterPersist(new AppendResponse(id, a.from(), term, a.prevIndex(), true, hint, log.termOrZero(hint)));
    }

    /** Consecutive indexes after prevIndex, terms never decreasing and never above the sender's. */
    private static boolean wellFormed(AppendEntries a) {
        long previousTerm = a.prevTerm();
        List<Entry> entries = a.entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.index() != a.prevIndex() + 1 + i || e.term() < previousTerm || e.term() > a.term()) return false;
            previousTerm = e.term();
        }
        return true;
    }

    void onSnapshotChunk(InstallSnapshot s, long term) {
        SnapshotMetadata meta = s.snapshot();
        if (meta.index() <= log.committed) {
            receiver = null; // we already have it: tell the leader where we are
            out.sendAfterPersist(new AppendResponse(id, s.from(), term, log.committed, false, 0, 0));
            return;
        }
        if (receiver == null || !receiver.isFor(s.from(), term, meta)) {
            if (s.offset() != 0) {
                out.send(new SnapshotResponse(id, s.from(), term, meta.index(), 0, true)); // start over
                return;
            }
            receiver = new SnapshotReceiver(s.from(), term, meta);
        }
        switch (receiver.accept(s.offset(), s.chunk(), s.done())) {
            case ACCEPTED, DUPLICATE ->
                    out.send(new SnapshotResponse(id, s.from(), term, meta.index(), receiver.expectedOffset(), false));
            case OUT_OF_ORDER ->
                    out.send(new SnapshotResponse(id, s.from(), term, meta.index(), receiver.expectedOffset(), true));
            case TOO_LARGE -> receiver = null; // cannot hold it; answering would only make the leader resend
            case COMPLETE -> {
                Snapshot snapshot = receiver.snapshot();
                receiver = null;
                install(s.from(), snapshot, term);
            }
        }
    }

    private void install(long from, Snapshot snapshot, long term) {
        SnapshotMetadata meta = snapshot.metadata();
        if (log.matchTerm(meta.index(), meta.term())) {
            log.commitTo(meta.index()); // we already hold that prefix: just learn that it is committed
            out.sendAfterPersist(new AppendResponse(id, from, term, log.committed, false, 0, 0));
            return;
        }
        log.restore(snapshot);
        members.reset(meta.conf(), log.lastIndex() + 1);
        replication.offerSnapshot(meta); // we can serve it if we lead later
        out.sendAfterPersist(new AppendResponse(id, from, term, log.lastIndex(), false, 0, 0));
    }
}
