package ketch.kv;

import ketch.api.kv.ResponseHeader;

/** The answer to a lease checkpoint (the leader's own bookkeeping; no client waits for it). */
public record LeaseCheckpointResponse(ResponseHeader header) {}
