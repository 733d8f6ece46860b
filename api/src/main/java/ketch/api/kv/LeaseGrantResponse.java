package ketch.api.kv;

/** etcd's LeaseGrantResponse; {@code ttl} may be raised to the minimum (1.5 x election timeout). */
public record LeaseGrantResponse(ResponseHeader header, long id, long ttl) {}
