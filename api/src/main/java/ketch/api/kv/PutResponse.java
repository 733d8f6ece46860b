package ketch.api.kv;

import java.util.Optional;

/** etcd's PutResponse; {@code prevKv} is present when asked for and the key existed. */
public record PutResponse(ResponseHeader header, Optional<KeyValue> prevKv) {}
