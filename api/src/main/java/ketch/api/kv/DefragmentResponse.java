package ketch.api.kv;

/** etcd's DefragmentResponse: the member's backend has reclaimed its free space (etcd 3.4's JSON shows no header). */
public record DefragmentResponse(ResponseHeader header) {}
