package ketch.node.snapshot;

import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.raft.SnapshotMetadata;
import ketch.raft.SnapshotChunk;
import ketch.raft.SnapshotSource;

/**
 * Serves a leader's snapshot files to Raft in chunks. The snapshot being sent is verified once and
 * stays open until its last chunk is handed out, each chunk read at its offset: verifying the whole
 * file again for every chunk would make sending a large snapshot quadratic, and loading it whole
 * would hold the state's size in memory. An open file stays readable if a newer snapshot prunes it.
 * Raft calls it on its lane only, so it needs no lock.
 */
public final class SnapshotFileSource implements SnapshotSource {
    private final SnapshotFiles files;
    private long openIndex;
    private Optional<SnapshotFiles.StateChannel> open = Optional.empty();

    public SnapshotFileSource(SnapshotFiles files) {
        this.files = files;
    }

    @Override
    public Optional<SnapshotChunk> read(SnapshotMetadata meta, long offset, int maxBytes) {
        if (open.isEmpty() || openIndex != meta.index()) {
            close();
            open = files.at(meta.index()).map(SnapshotFiles.Loaded::open);
            openIndex = meta.index();
        }
        return open.map(state -> {
            long from = Math.min(offset, state.length());
            byte[] data = state.read(from, maxBytes);
            boolean last = from + data.length == state.length();
            if (last) close(); // a later follower reads it afresh
            return new SnapshotChunk(Bytes.wrap(data), last);
        });
    }

    private void close() {
        open.ifPresent(SnapshotFiles.StateChannel::close);
        open = Optional.empty();
    }
}
