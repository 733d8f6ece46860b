package ketch.kv;

import java.util.List;
import ketch.api.Bytes;

/**
 * A lease as replicated state: granted TTL, the last checkpointed remaining TTL (0 if none) and
 * its keys in key order. The time actually left is the leader's clock business.
 */
public record LeaseInfo(long id, long grantedTtl, long checkpointedRemainingTtl, List<Bytes> keys) {
    public LeaseInfo {
        keys = List.copyOf(keys);
    }
}
