package ketch.api.kv;

/** etcd's LeaseRevokeResponse. */
public record LeaseRevokeResponse(ResponseHeader header) {}
