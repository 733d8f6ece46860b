package ketch.node.snapshot;

import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.raft.SnapshotMetadata;
import ketch.raft.SnapshotChunk;
import ketch.raft.SnapshotSource;

/**
 * Serves a leader's snapshot files to Raft in chunks. The snapshot being sent stays loaded until
 * its last chunk is handed out: reading and checksumming the whole file again for every chunk
 * would make sending a large snapshot quadratic. Raft calls it on its lane only, so it needs no lock.
 */
public final class SnapshotFileSource implements SnapshotSource {
    private final SnapshotFiles files;
    private Optional<SnapshotFiles.Loaded> loaded = Optional.empty();

    public SnapshotFileSource(SnapshotFiles files) {
        this.files = files;
    }

    @Override
    public Optional<SnapshotChunk> read(SnapshotMetadata meta, long offset, int maxBytes) {
        if (loaded.map(s -> s.index() != meta.index()).orElse(true)) loaded = files.at(meta.index());
        return loaded.map(s -> {
            int from = (int) Math.min(offset, s.data().length);
            int to = (int) Math.min((long) from + maxBytes, s.data().length);
            boolean last = to == s.data().length;
            if (last) loaded = Optional.empty(); // a later follower reads it afresh
            return new SnapshotChunk(Bytes.copyOf(s.data(), from, to - from), last);
        });
    }
}
