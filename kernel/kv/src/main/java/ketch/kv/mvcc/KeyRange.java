package ketch.kv.mvcc;

import java.util.NavigableMap;
import java.util.Objects;
import ketch.api.Bytes;

/**
 * etcd's key + range_end selector: an empty end is the single key, the end {@code "\0"} is every key
 * from {@code key} on, any other end is the half-open interval [key, end).
 */
public record KeyRange(Bytes key, Bytes end) {
    private static final Bytes FROM_KEY = Bytes.copyOf(new byte[] {0});

    public KeyRange {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(end, "end");
    }

    public static KeyRange single(Bytes key) {
        return new KeyRange(key, Bytes.EMPTY);
    }

    public boolean isSingleKey() {
        return end.isEmpty();
    }

    public boolean isFromKey() {
        return end.equals(FROM_KEY);
    }

    public boolean contains(Bytes k) {
        if (isSingleKey()) return k.equals(key);
        if (isFromKey()) return k.compareTo(key) >= 0;
        return k.compareTo(key) >= 0 && k.compareTo(end) < 0;
    }

    /** The part of {@code map} this range selects, in key order. */
    <V> NavigableMap<Bytes, V> select(NavigableMap<Bytes, V> map) {
        if (isSingleKey()) return map.subMap(key, true, key, true);
        if (isFromKey()) return map.tailMap(key, true);
        if (end.compareTo(key) <= 0) return map.subMap(key, true, key, false); // empty, as etcd for end <= key
        return map.subMap(key, true, end, false);
    }
}
