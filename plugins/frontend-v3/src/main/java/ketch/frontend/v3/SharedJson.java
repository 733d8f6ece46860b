package ketch.frontend.v3;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * JSON encoded once per object and shared: the node hands every watcher of a revision the very same
 * header and, for the same range coverage and filter choice, the very same event list, so 10,000
 * watchers of one key cost one encoding of each, not 10,000. A small table keyed by the object's
 * identity remembers the last encodings; a lost race only encodes twice, never wrongly, because an
 * entry is immutable and matched by identity.
 */
final class SharedJson {
    private static final int SLOTS = 64; // a power of two: several revisions in flight across event loops
    private static final AtomicReferenceArray<Encoded> TABLE = new AtomicReferenceArray<>(SLOTS);

    private record Encoded(Object source, byte[] json) {}

    private SharedJson() {}

    /** The encoding of {@code source}; the array is shared and must not be modified. */
    static <T> byte[] of(T source, Function<T, byte[]> encoder) {
        int slot = System.identityHashCode(source) & (SLOTS - 1);
        Encoded e = TABLE.get(slot);
        if (e != null && e.source == source) {
            return e.json;
        }
        byte[] json = encoder.apply(source);
        TABLE.set(slot, new Encoded(source, json));
        return json;
    }
}
