/**
 * Lease bookkeeping as replicated state: granted TTL, the last checkpointed remaining TTL and the
 * attached keys. No clock here: the leader decides expiry and proposes a revoke.
 */
package ketch.kv.lease;
