package ketch.kv.lease;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import ketch.api.Bytes;

/** Every live lease by id, with the keys attached to it; sorted maps so iteration is deterministic. */
public final class LeaseTable {
    /** etcd's MaxLeaseTTL: 9,000,000,000 seconds. */
    public static final long MAX_TTL = 9_000_000_000L;

    private final TreeMap<Long, Lease> leases = new TreeMap<>();
    private final TreeMap<Long, TreeSet<Bytes>> attached = new TreeMap<>();

    /** A lease's replicated state; {@code remainingTtl} is 0 until a checkpoint records one. */
    public record Lease(long id, long ttl, long remainingTtl) {}

    public boolean exists(long id) {
        return leases.containsKey(id);
    }

    public Optional<Lease> get(long id) {
        return Optional.ofNullable(leases.get(id));
    }

    public void grant(long id, long ttl) {
        if (leases.containsKey(id)) throw new IllegalStateException("lease " + id + " already exists");
        leases.put(id, new Lease(id, ttl, 0));
        attached.put(id, new TreeSet<>());
    }

    /** Records the leader's view of the time left, so a new leader does not restart the full TTL. */
    public void checkpoint(long id, long remainingTtl) {
        Lease l = leases.get(id);
        if (l != null) leases.put(id, new Lease(id, l.ttl(), remainingTtl));
    }

    /** Removes the lease; returns the keys that were attached, in key order. */
    public List<Bytes> revoke(long id) {
        leases.remove(id);
        TreeSet<Bytes> keys = attached.remove(id);
        return keys == null ? List.of() : new ArrayList<>(keys);
    }

    public void attach(long id, Bytes key) {
        TreeSet<Bytes> keys = attached.get(id);
        if (keys != null) keys.add(key);
    }

    public void detach(long id, Bytes key) {
        TreeSet<Bytes> keys = attached.get(id);
        if (keys != null) keys.remove(key);
    }

    public List<Bytes> keys(long id) {
        TreeSet<Bytes> keys = attached.get(id);
        return keys == null ? List.of() : List.copyOf(keys);
    }

    /** All leases in id order. */
    public List<Lease> all() {
        return List.copyOf(leases.values());
    }
}
