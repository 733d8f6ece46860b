package ketch.kv;

import ketch.api.kv.ResponseHeader;

/** etcd's LeaseRevokeResponse; the header revision includes the deletes of the attached keys. */
public record LeaseRevokeResponse(ResponseHeader header) {}
