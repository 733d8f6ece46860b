package ketch.api.kv;

/** etcd's AlarmType, in proto order: NONE (0, "any" in a GET filter), NOSPACE (quota exceeded), CORRUPT. */
public enum AlarmType { NONE, NOSPACE, CORRUPT }
