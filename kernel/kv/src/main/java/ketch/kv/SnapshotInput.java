package ketch.kv;

/**
 * Where {@link KvStateMachine#restore(SnapshotInput, long, long, long, ketch.api.kv.Limits)} reads a
 * snapshot from, chunk by chunk. The node implements it over a file; the kernel does no I/O.
 */
@FunctionalInterface
public interface SnapshotInput {
    /** Reads up to {@code length} bytes into {@code dst} at {@code offset}; returns how many, or -1 at the end. */
    int read(byte[] dst, int offset, int length);

    /** A snapshot already in memory. */
    static SnapshotInput of(byte[] data) {
        int[] pos = {0};
        return (dst, offset, length) -> {
            if (pos[0] == data.length) return -1;
            int n = Math.min(length, data.length - pos[0]);
            System.arraycopy(data, pos[0], dst, offset, n);
            pos[0] += n;
            return n;
        };
    }
}
