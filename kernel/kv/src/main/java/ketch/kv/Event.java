package ketch.kv;

import java.util.Objects;
import java.util.Optional;
import ketch.api.kv.KeyValue;

/**
 * One change to one key, as etcd's mvccpb.Event. A DELETE's {@code kv} carries only the key and the
 * deleting revision in {@code modRevision}; {@code prevKv} is the live value the change replaced.
 */
public record Event(Type type, KeyValue kv, Optional<KeyValue> prevKv) {
    /** In protobuf number order. */
    public enum Type { PUT, DELETE }

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(prevKv, "prevKv");
    }
}
