package ketch.node.lanes;

import java.util.List;
import ketch.api.kv.RangeRequest;
import ketch.api.raft.Entry;
import ketch.raft.Snapshot;

/** Work for the apply lane, applied strictly in the order queued. */
sealed interface ApplyJob {
    /** Committed entries to apply, in index order. */
    record Committed(List<Entry> entries) implements ApplyJob {}

    /** Reads that may run once the state machine has applied {@code index} (a confirmed read index). */
    record Reads(long index, List<Read> reads) implements ApplyJob {}

    /** A leader's snapshot: replace the state machine with it (the append lane keeps it durably meanwhile). */
    record Install(Snapshot snapshot) implements ApplyJob {}

    /** Work that needs the state machine (queries, watch and lease bookkeeping), run in order on the lane. */
    record Task(java.util.function.Consumer<ketch.kv.KvStateMachine> work) implements ApplyJob {}

    /** One waiting range request. */
    record Read(RangeRequest request, long seq) {}
}
