package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/** etcd's PutRequest. */
public record PutRequest(Bytes key, Bytes value, long lease, boolean prevKv, boolean ignoreValue, boolean ignoreLease) {
    public PutRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static PutRequest of(Bytes key, Bytes value) {
        return new PutRequest(key, value, 0, false, false, false);
    }
}
