package ketch.api.raft;

import java.util.List;

/** Leader to follower: entries after (prevIndex, prevTerm), and the leader's commit index (Raft §5.3). */
public record AppendEntries(long from, long to, long term, long prevIndex, long prevTerm, List<Entry> entries, long commit) implements Message {
    public AppendEntries {
        Message.checkIds(from, to, term);
        if (prevIndex < 0) throw new IllegalArgumentException("prevIndex must be >= 0, got " + prevIndex);
        if (prevTerm < 0) throw new IllegalArgumentException("prevTerm must be >= 0, got " + prevTerm);
        entries = List.copyOf(entries);
        if (commit < 0) throw new IllegalArgumentException("commit must be >= 0, got " + commit);
    }
}
