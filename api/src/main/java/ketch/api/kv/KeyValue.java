package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/** A key at one revision, as etcd's mvccpb.KeyValue. */
public record KeyValue(Bytes key, long createRevision, long modRevision, long version, Bytes value, long lease) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
