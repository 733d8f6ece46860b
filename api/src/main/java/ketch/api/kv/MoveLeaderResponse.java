package ketch.api.kv;

/** etcd's MoveLeaderResponse: leadership has moved to the requested member. */
public record MoveLeaderResponse(ResponseHeader header) {}
