package ketch.api.kv;

/** etcd's HashResponse / HashKVResponse: a hash of the keyspace, equal on members with equal state. */
public record HashResponse(ResponseHeader header, int hash, long compactRevision) {}
