package ketch.api.kv;

import java.util.Objects;
import ketch.api.Bytes;

/**
 * etcd's Compare: one condition of a txn over a key or a range. For {@link Target#VALUE} the
 * operand is {@code value}; for the other targets it is {@code number} (a version, a revision or a
 * lease id).
 */
public record Compare(Result result, Target target, Bytes key, Bytes rangeEnd, long number, Bytes value) {
    /** In protobuf number order. */
    public enum Result { EQUAL, GREATER, LESS, NOT_EQUAL }

    /** In protobuf number order. */
    public enum Target { VERSION, CREATE, MOD, VALUE, LEASE }

    public Compare {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rangeEnd, "rangeEnd");
        Objects.requireNonNull(value, "value");
    }
}
