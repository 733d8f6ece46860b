package ketch.kv;

/**
 * Where {@link KvStateMachine#snapshot(SnapshotOutput)} writes the state, chunk by chunk, so a large
 * state is never held as one array. The node implements it over a file; the kernel does no I/O.
 */
@FunctionalInterface
public interface SnapshotOutput {
    /** Takes {@code length} bytes of {@code chunk} from {@code offset}; the array is reused after the call returns. */
    void write(byte[] chunk, int offset, int length);
}
