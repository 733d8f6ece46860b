package ketch.node.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import ketch.api.Bytes;
import ketch.api.kv.SnapshotChunk;

/**
 * etcd's Snapshot stream over a state taken at one applied index: pieces of {@link #CHUNK_BYTES}
 * whose {@code remainingBytes} counts what follows the piece (0 on the last), then one more chunk
 * holding the SHA-256 of all the pieces, as etcd appends to its snapshot file.
 */
final class SnapshotChunks implements Iterator<SnapshotChunk> {
    /** etcd's snapshot send buffer. */
    static final int CHUNK_BYTES = 32 * 1024;

    private final byte[] state;
    private final MessageDigest sha256;
    private int sent;
    private boolean digestSent;

    SnapshotChunks(byte[] state) {
        this.state = state;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean hasNext() {
        return !digestSent;
    }

    @Override
    public SnapshotChunk next() {
        if (digestSent) throw new NoSuchElementException("the snapshot stream has ended");
        if (sent < state.length) {
            int n = Math.min(CHUNK_BYTES, state.length - sent);
            byte[] piece = java.util.Arrays.copyOfRange(state, sent, sent + n);
            sha256.update(piece);
            sent += n;
            return new SnapshotChunk(state.length - sent, Bytes.copyOf(piece));
        }
        digestSent = true;
        return new SnapshotChunk(0, Bytes.copyOf(sha256.digest()));
    }
}
