package ketch.api.kv;

import java.util.Objects;
import java.util.Optional;

/** etcd's mvccpb.Event: a key was put or deleted at {@code kv.modRevision()}. */
public record Event(Type type, KeyValue kv, Optional<KeyValue> prevKv) {
    /** In protobuf number order. */
    public enum Type { PUT, DELETE }

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kv, "kv");
        Objects.requireNonNull(prevKv, "prevKv");
    }
}
