package ketch.api.kv;

/** etcd's RangeRequest.SortTarget, in protobuf number order. */
public enum SortTarget { KEY, VERSION, CREATE, MOD, VALUE }
