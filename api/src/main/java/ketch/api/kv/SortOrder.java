package ketch.api.kv;

/** etcd's RangeRequest.SortOrder, in protobuf number order. */
public enum SortOrder { NONE, ASCEND, DESCEND }
