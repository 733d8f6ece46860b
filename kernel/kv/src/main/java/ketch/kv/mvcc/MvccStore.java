package ketch.kv.mvcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import ketch.api.Bytes;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.Event;
import ketch.kv.HistoryChunk;

/**
 * The multi-version keyspace. A fresh store is at revision 1; each {@link WriteTxn} that changes
 * something takes the next revision. History is kept per key until {@link #compact}.
 * Keys iterate in unsigned byte order (a TreeMap), so every output is deterministic.
 */
public final class MvccStore {
    /** etcd's compactMainRev before any compaction: compaction to revision 0 is still allowed. */
    public static final long NEVER_COMPACTED = -1;

    /** Per key a {@link Slot}: its packed version, or a {@link KeyHistory} when it has several. */
    private final TreeMap<Bytes, Object> keys = new TreeMap<>();
    private long revision = 1;
    private long compactRevision = NEVER_COMPACTED;
    private boolean writing;
    private long sizeBytes;
    private VersionListener listener = VersionListener.NONE;

    /** What one retained version costs in {@link #sizeBytes()}: key, value and a fixed overhead. */
    static long cost(Bytes key, KeyVersion v) {
        return key.size() + v.value().size() + 48L;
    }

    public long revision() {
        return revision;
    }

    public long compactRevision() {
        return compactRevision;
    }

    /** An estimate of the retained keyspace's size (every version since compaction), for quotas and status. */
    public long sizeBytes() {
        return sizeBytes;
    }

    void added(Bytes key, KeyVersion v) {
        sizeBytes += cost(key, v);
        listener.added(key, v);
    }

    /** Reports every later added and compacted version to {@code listener} (one at a time). */
    public void listen(VersionListener listener) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
    }

    /**
     * Resolves a requested read revision against {@code current} (0 or negative means current),
     * as etcd's rangeKeys: future first, then compacted (the compact revision itself stays readable).
     */
    public long checkReadRevision(long requested, long current) {
        if (requested > current) throw KvException.futureRevision();
        long rev = requested <= 0 ? current : requested;
        if (rev < compactRevision) throw KvException.compacted();
        return rev;
    }

    /** The live key-values in {@code range} at {@code rev}, in key order; {@code limit} 0 means all. */
    public List<KeyValue> range(KeyRange range, long rev, long limit) {
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<Bytes, Object> e : range.select(keys).entrySet()) {
            if (limit > 0 && out.size() >= limit) break;
            Slot.liveAt(e.getValue(), rev).ifPresent(v -> out.add(v.toKeyValue(e.getKey())));
        }
        return out;
    }

    /** The number of live keys in {@code range} at {@code rev}. */
    public long count(KeyRange range, long rev) {
        long n = 0;
        for (Object slot : range.select(keys).values()) {
            if (Slot.isLiveAt(slot, rev)) n++;
        }
        return n;
    }

    /** The live value of {@code key} at {@code rev}. */
    public Optional<KeyValue> get(Bytes key, long rev) {
        Object slot = keys.get(key);
        return slot == null ? Optional.empty() : Slot.liveAt(slot, rev).map(v -> v.toKeyValue(key));
    }

    /**
     * The changes to keys in {@code range} with revisions in [{@code from}, {@code to}], in (revision,
     * sub) order, as the events apply produced. Whole revisions only: as many as fit in
     * {@code maxEvents}, but always the first one even if it alone is larger (a txn is atomic).
     * Callers check {@code from} against the compact revision first.
     */
    public HistoryChunk history(KeyRange range, long from, long to, int maxEvents) {
        TreeMap<Position, Event> kept = new TreeMap<>(); // bounded to maxEvents entries
        long firstMain = Long.MAX_VALUE;
        long evictedFrom = Long.MAX_VALUE;
        for (Map.Entry<Bytes, Object> e : range.select(keys).entrySet()) {
            Object h = e.getValue();
            for (int i = 0; i < Slot.size(h); i++) {
                long main = Slot.mainAt(h, i);
                if (main < from || main > to || main >= evictedFrom) continue;
                firstMain = Math.min(firstMain, main);
                KeyVersion v = Slot.versionAt(h, i);
                kept.put(new Position(v.main(), v.sub()), event(e.getKey(), h, i, v));
                if (kept.size() > maxEvents) {
                    long dropped = kept.pollLastEntry().getKey().main();
                    evictedFrom = Math.min(evictedFrom, dropped);
                }
            }
        }
        if (evictedFrom == Long.MAX_VALUE) return new HistoryChunk(List.copyOf(kept.values()), to + 1);
        kept.tailMap(new Position(evictedFrom, 0), true).clear(); // a partly kept revision goes entirely
        if (kept.isEmpty()) return new HistoryChunk(history(range, firstMain, firstMain, Integer.MAX_VALUE).events(), firstMain + 1);
        return new HistoryChunk(List.copyOf(kept.values()), evictedFrom);
    }

    /** A change's place in history: revision, then its order within the revision. */
    private record Position(long main, int sub) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(main, o.main);
            return c != 0 ? c : Integer.compare(sub, o.sub);
        }
    }

    private static Event event(Bytes key, Object slot, int i, KeyVersion v) {
        KeyVersion before = i > 0 ? Slot.versionAt(slot, i - 1) : v;
        Optional<KeyValue> prev = i > 0 && !before.tombstone() ? Optional.of(before.toKeyValue(key)) : Optional.empty();
        return v.tombstone()
                ? new Event(Event.Type.DELETE, new KeyValue(key, 0, v.main(), 0, Bytes.EMPTY, 0), prev)
                : new Event(Event.Type.PUT, v.toKeyValue(key), prev);
    }

    /** Starts the only write batch; it must be {@linkplain WriteTxn#end() ended} before the next. */
    public WriteTxn beginWrite() {
        if (writing) throw new IllegalStateException("a write txn is already open");
        writing = true;
        return new WriteTxn(this, revision);
    }

    void endWrite(boolean changed) {
        writing = false;
        if (changed) revision++;
    }

    NavigableMap<Bytes, Object> keys() {
        return keys;
    }

    /**
     * Drops history no read at or after {@code rev} needs. Callers check the bounds first with
     * {@link #checkCompact}.
     */
    public void compact(long rev) {
        checkCompact(rev);
        compactRevision = rev;
        var it = keys.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Bytes, Object> e = it.next();
            Slot.Compacted c = Slot.compact(e.getValue(), rev);
            for (KeyVersion v : c.dropped()) {
                sizeBytes -= cost(e.getKey(), v);
                listener.removed(e.getKey(), v);
            }
            if (c.remaining().isEmpty()) it.remove();
            else if (c.remaining().get() != e.getValue()) e.setValue(c.remaining().get());
        }
    }

    /** etcd's Compact checks: at or below the previous compaction is compacted; above current is future. */
    public void checkCompact(long rev) {
        if (rev <= compactRevision) throw KvException.compacted();
        if (rev > revision) throw KvException.futureRevision();
    }

    /** Visits every key with its retained history, in key order (for snapshots and hashes). */
    public void forEachKey(Consumer<KeyWithHistory> visitor) {
        for (Map.Entry<Bytes, Object> e : keys.entrySet()) {
            visitor.accept(new KeyWithHistory(e.getKey(), Slot.versions(e.getValue())));
        }
    }

    /** A key and its retained versions, oldest first. */
    public record KeyWithHistory(Bytes key, List<KeyVersion> versions) {}

    /** Rebuilds a store from a snapshot's content; validates ordering so a corrupt snapshot cannot load. */
    public static MvccStore restore(long revision, long compactRevision, List<KeyWithHistory> content) {
        Restorer r = restorer(revision, compactRevision);
        for (KeyWithHistory k : content) r.add(k.key(), k.versions());
        return r.finish();
    }

    /** Starts rebuilding a store key by key, so a snapshot can be read as a stream; checks the bounds first. */
    public static Restorer restorer(long revision, long compactRevision) {
        if (revision < 1) throw new IllegalArgumentException("snapshot revision " + revision + " must be at least 1");
        if (compactRevision < NEVER_COMPACTED || compactRevision > revision) {
            throw new IllegalArgumentException("snapshot compact revision " + compactRevision + " must be in [-1, " + revision + "]");
        }
        MvccStore store = new MvccStore();
        store.revision = revision;
        store.compactRevision = compactRevision;
        return new Restorer(store);
    }

    /** The number of keys with retained history (live or deleted but not yet compacted). */
    public int keyCount() {
        return keys.size();
    }

    /** Takes a snapshot's keys in order, validating each, then hands out the store. */
    public static final class Restorer {
        private final MvccStore store;
        private Bytes previous;

        private Restorer(MvccStore store) {
            this.store = store;
        }

        public void add(Bytes key, List<KeyVersion> versions) {
            if (previous != null && previous.compareTo(key) >= 0) {
                throw new IllegalArgumentException("snapshot keys out of order: " + key + " after " + previous);
            }
            if (versions.isEmpty()) throw new IllegalArgumentException("snapshot key " + key + " has no versions");
            Object slot = null;
            for (KeyVersion v : versions) {
                if (v.main() > store.revision) {
                    throw new IllegalArgumentException("snapshot key " + key + " has revision " + v.main() + " after store revision " + store.revision);
                }
                try {
                    slot = slot == null ? Slot.of(v) : Slot.append(slot, v);
                    store.sizeBytes += cost(key, v);
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException("snapshot key " + key + ": " + e.getMessage(), e);
                }
            }
            store.keys.put(key, slot);
            previous = key;
        }

        public MvccStore finish() {
            return store;
        }
    }
}
