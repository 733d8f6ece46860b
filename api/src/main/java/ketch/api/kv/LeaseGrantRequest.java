package ketch.api.kv;

/** etcd's LeaseGrantRequest: {@code ttl} in seconds; {@code id} 0 lets the server choose. */
public record LeaseGrantRequest(long ttl, long id) {}
