package ketch.api.kv;

/** etcd's CompactionResponse. */
public record CompactionResponse(ResponseHeader header) {}
