package ketch.api.kv;

/** etcd's LeaseKeepAliveResponse; {@code ttl} 0 means the lease no longer exists. */
public record LeaseKeepAliveResponse(ResponseHeader header, long id, long ttl) {}
