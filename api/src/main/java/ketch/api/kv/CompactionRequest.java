package ketch.api.kv;

/** etcd's CompactionRequest: drop history at or below {@code revision}. */
public record CompactionRequest(long revision, boolean physical) {}
