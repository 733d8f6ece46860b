package ketch.kv.mvcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ketch.api.Bytes;
import ketch.api.kv.KeyValue;
import ketch.api.kv.Event;

/**
 * One write batch: every change gets main revision {@code begin + 1} and the next sub revision.
 * Reads inside it see its own changes. Ending it bumps the store revision only if it changed
 * something, as etcd does for a delete of nothing or a read-only txn.
 */
public final class WriteTxn {
    private final MvccStore store;
    private final long beginRevision;
    private final List<Event> events = new ArrayList<>();
    private boolean ended;

    WriteTxn(MvccStore store, long beginRevision) {
        this.store = store;
        this.beginRevision = beginRevision;
    }

    public long beginRevision() {
        return beginRevision;
    }

    /** The revision reads in this txn see: the next one once something changed. */
    public long readRevision() {
        return events.isEmpty() ? beginRevision : beginRevision + 1;
    }

    public long writeRevision() {
        return beginRevision + 1;
    }

    public Optional<KeyValue> get(Bytes key) {
        return store.get(key, readRevision());
    }

    /** Writes {@code key}; returns the live value it replaced. */
    public Optional<KeyValue> put(Bytes key, Bytes value, long lease) {
        checkOpen();
        Object slot = store.keys().get(key);
        Optional<KeyVersion> prev = slot == null ? Optional.empty() : Slot.liveLatest(slot);
        long rev = writeRevision();
        long create = prev.map(KeyVersion::createRevision).orElse(rev);
        long version = prev.map(p -> p.version() + 1).orElse(1L);
        KeyVersion v = new KeyVersion(rev, events.size(), create, version, value, lease, false);
        Object next = slot == null ? Slot.of(v) : Slot.append(slot, v);
        if (next != slot) store.keys().put(key, next); // a new key, or its first older version

        store.added(key, v);
        Optional<KeyValue> prevKv = prev.map(p -> p.toKeyValue(key));
        events.add(new Event(Event.Type.PUT, v.toKeyValue(key), prevKv));
        return prevKv;
    }

    /** Deletes every live key in {@code range}; returns the deleted values in key order. */
    public List<KeyValue> deleteRange(KeyRange range) {
        checkOpen();
        long rev = writeRevision();
        List<KeyValue> deleted = new ArrayList<>();
        for (Map.Entry<Bytes, Object> e : range.select(store.keys()).entrySet()) {
            Optional<KeyVersion> live = Slot.liveLatest(e.getValue());
            if (live.isEmpty()) continue;
            KeyValue prev = live.get().toKeyValue(e.getKey());
            KeyVersion tombstone = KeyVersion.tombstone(rev, events.size());
            e.setValue(Slot.append(e.getValue(), tombstone));
            store.added(e.getKey(), tombstone);
            deleted.add(prev);
            events.add(new Event(Event.Type.DELETE, new KeyValue(e.getKey(), 0, rev, 0, Bytes.EMPTY, 0), Optional.of(prev)));
        }
        return deleted;
    }

    public boolean changed() {
        return !events.isEmpty();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Publishes the batch: the store revision moves to {@link #writeRevision()} if anything changed. */
    public void end() {
        checkOpen();
        ended = true;
        store.endWrite(changed());
    }

    private void checkOpen() {
        if (ended) throw new IllegalStateException("write txn already ended");
    }
}
