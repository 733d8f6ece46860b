package ketch.kv;

import ketch.api.kv.ResponseHeader;

/** etcd's LeaseGrantResponse: the granted lease id and TTL in seconds. */
public record LeaseGrantResponse(ResponseHeader header, long id, long ttl) {}
