package ketch.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ketch.api.Bytes;

/**
 * An atomic group of changes to a {@link KvBackend}, applied in order.
 *
 * @param ops the changes, in the order they apply
 */
public record KvBatch(List<Op> ops) {
    public KvBatch {
        ops = List.copyOf(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One change. */
    public sealed interface Op {
        String bucket();
    }

    /** Sets {@code key} to {@code value} in {@code bucket}. */
    public record Put(String bucket, Bytes key, Bytes value) implements Op {
        public Put {
            checkBucket(bucket);
            checkKey(key);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Removes {@code key} from {@code bucket}; nothing happens if it is absent. */
    public record Delete(String bucket, Bytes key) implements Op {
        public Delete {
            checkBucket(bucket);
            checkKey(key);
        }
    }

    /** Removes every key of {@code bucket}. */
    public record Clear(String bucket) implements Op {
        public Clear {
            checkBucket(bucket);
        }
    }

    /**
     * A bucket name: 1..64 characters of {@code a-z 0-9 -}, so every backend can use it as a file
     * or table name.
     */
    public static String checkBucket(String bucket) {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isEmpty() || bucket.length() > 64 || !bucket.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            throw new IllegalArgumentException("bad bucket name '" + bucket + "': expected 1..64 characters of a-z, 0-9 and -");
        }
        return bucket;
    }

    /** The longest key every backend accepts (LMDB's default limit). */
    public static final int MAX_KEY_BYTES = 511;

    /** A key: 1..{@value #MAX_KEY_BYTES} bytes. */
    public static Bytes checkKey(Bytes key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.size() > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("bad backend key of " + key.size() + " bytes: expected 1.." + MAX_KEY_BYTES);
        }
        return key;
    }

    /** Collects operations in order. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();

        public Builder put(String bucket, Bytes key, Bytes value) {
            ops.add(new Put(bucket, key, value));
            return this;
        }

        public Builder delete(String bucket, Bytes key) {
            ops.add(new Delete(bucket, key));
            return this;
        }

        public Builder clear(String bucket) {
            ops.add(new Clear(bucket));
            return this;
        }

        public int size() {
            return ops.size();
        }

        public KvBatch build() {
            return new KvBatch(ops);
        }
    }
}
