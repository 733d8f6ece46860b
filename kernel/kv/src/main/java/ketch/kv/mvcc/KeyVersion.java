package ketch.kv.mvcc;

import java.util.Objects;
import ketch.api.Bytes;
import ketch.api.kv.KeyValue;

/**
 * One revision of a key: the value written at ({@code main}, {@code sub}), or a tombstone that ends
 * the key's current generation. {@code sub} orders the changes made by one txn.
 */
public record KeyVersion(long main, int sub, long createRevision, long version, Bytes value, long lease, boolean tombstone) {
    public KeyVersion {
        Objects.requireNonNull(value, "value");
    }

    static KeyVersion tombstone(long main, int sub) {
        return new KeyVersion(main, sub, 0, 0, Bytes.EMPTY, 0, true);
    }

    public KeyValue toKeyValue(Bytes key) {
        return new KeyValue(key, createRevision, main, version, value, lease);
    }
}
