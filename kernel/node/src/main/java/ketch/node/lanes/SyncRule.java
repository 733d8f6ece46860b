package ketch.node.lanes;

/**
 * Whether a write must reach the disk before the append lane reports it and releases its messages
 * (etcd raft's MustSync): new entries, a snapshot, or a new term or vote. A hard state whose only
 * change is the commit index need not be forced: a restarted member takes its commit index as at
 * least its snapshot's and learns the rest from the log, so losing it loses nothing. A quarter of
 * the syncs of a loaded single node carried nothing else.
 */
final class SyncRule {
    private SyncRule() {}

    static boolean mustSync(PersistJob.Write write, long syncedTerm, long syncedVote) {
        if (!write.entries().isEmpty() || write.snapshot().isPresent()) return true;
        return write.hardState().map(h -> h.term() != syncedTerm || h.vote() != syncedVote).orElse(false);
    }
}
