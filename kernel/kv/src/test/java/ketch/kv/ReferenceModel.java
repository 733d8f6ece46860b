package ketch.kv;

import ketch.api.kv.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.kv.Compare;
import ketch.api.kv.KeyValue;
import ketch.api.kv.KvException;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.RangeResponse;
import ketch.api.kv.RequestOp;
import ketch.api.kv.SortOrder;
import ketch.api.kv.SortTarget;
import ketch.api.kv.TxnRequest;

/**
 * The obviously-correct model the state machine is checked against: a full copy of the keyspace
 * for every revision, filters written as plain loops. Slow, and only for the subset of requests
 * {@link ModelTest} generates (no leases, no ignore flags, no duplicate keys in a txn).
 */
final class ReferenceModel {
    private final List<TreeMap<Bytes, KeyValue>> states = new ArrayList<>();
    private long compactRevision = -1;

    ReferenceModel() {
        states.add(new TreeMap<>()); // revision 0: unused
        states.add(new TreeMap<>()); // revision 1: the empty store
    }

    long revision() {
        return states.size() - 1;
    }

    /** The events a write produces, or the error text. */
    Object apply(KvCommand command) {
        TreeMap<Bytes, KeyValue> next = new TreeMap<>(states.getLast());
        List<Event> events = new ArrayList<>();
        long rev = revision() + 1;
        switch (command) {
            case KvCommand.Put p -> put(next, p.request(), rev, events);
            case KvCommand.DeleteRange d -> delete(next, d.request().key(), d.request().rangeEnd(), rev, events);
            case KvCommand.Txn t -> txn(next, t.request(), rev, events);
            case KvCommand.Compact c -> {
                if (c.request().revision() <= compactRevision) return KvException.compacted().getMessage();
                if (c.request().revision() > revision()) return KvException.futureRevision().getMessage();
                compactRevision = c.request().revision();
            }
            default -> throw new IllegalArgumentException("the model does not do " + command);
        }
        if (!events.isEmpty()) states.add(next);
        return events;
    }

    private void txn(TreeMap<Bytes, KeyValue> next, TxnRequest t, long rev, List<Event> events) {
        boolean ok = t.compare().stream().allMatch(c -> holds(states.getLast(), c));
        for (RequestOp op : ok ? t.success() : t.failure()) {
            switch (op) {
                case RequestOp.Put p -> put(next, p.request(), rev, events);
                case RequestOp.DeleteRange d -> delete(next, d.request().key(), d.request().rangeEnd(), rev, events);
                case RequestOp.Txn n -> txn(next, n.request(), rev, events);
                case RequestOp.Range r -> { }
            }
        }
    }

    private static void put(TreeMap<Bytes, KeyValue> map, PutRequest p, long rev, List<Event> events) {
        KeyValue prev = map.get(p.key());
        KeyValue kv = prev == null
                ? new KeyValue(p.key(), rev, rev, 1, p.value(), 0)
                : new KeyValue(p.key(), prev.createRevision(), rev, prev.version() + 1, p.value(), 0);
        map.put(p.key(), kv);
        events.add(new Event(Event.Type.PUT, kv, Optional.ofNullable(prev)));
    }

    private static void delete(TreeMap<Bytes, KeyValue> map, Bytes key, Bytes end, long rev, List<Event> events) {
        for (Bytes k : new ArrayList<>(map.keySet())) {
            if (!inRange(k, key, end)) continue;
            KeyValue prev = map.remove(k);
            events.add(new Event(Event.Type.DELETE, new KeyValue(k, 0, rev, 0, Bytes.EMPTY, 0), Optional.of(prev)));
        }
    }

    private static boolean inRange(Bytes k, Bytes key, Bytes end) {
        if (end.isEmpty()) return k.equals(key);
        if (end.size() == 1 && end.byteAt(0) == 0) return k.compareTo(key) >= 0;
        return k.compareTo(key) >= 0 && k.compareTo(end) < 0;
    }

    private static boolean holds(Map<Bytes, KeyValue> map, Compare c) {
        List<KeyValue> matching = map.values().stream().filter(kv -> inRange(kv.key(), c.key(), c.rangeEnd())).toList();
        if (matching.isEmpty()) {
            if (c.target() == Compare.Target.VALUE) return false;
            matching = List.of(new KeyValue(c.key(), 0, 0, 0, Bytes.EMPTY, 0));
        }
        for (KeyValue kv : matching) {
            int r = switch (c.target()) {
                case VALUE -> kv.value().compareTo(c.value());
                case VERSION -> Long.compare(kv.version(), c.number());
                case CREATE -> Long.compare(kv.createRevision(), c.number());
                case MOD -> Long.compare(kv.modRevision(), c.number());
                case LEASE -> Long.compare(kv.lease(), c.number());
            };
            boolean ok = switch (c.result()) {
                case EQUAL -> r == 0;
                case NOT_EQUAL -> r != 0;
                case GREATER -> r > 0;
                case LESS -> r < 0;
            };
            if (!ok) return false;
        }
        return true;
    }

    /** kvs, more and count, or the error text; only sort NONE+KEY or an explicit sort order. */
    Object range(RangeRequest r) {
        if (r.revision() > revision()) return KvException.futureRevision().getMessage();
        long rev = r.revision() <= 0 ? revision() : r.revision();
        if (rev < compactRevision) return KvException.compacted().getMessage();
        List<KeyValue> all = states.get((int) rev).values().stream().filter(kv -> inRange(kv.key(), r.key(), r.rangeEnd())).toList();
        if (r.countOnly()) return new RangeResponse(Fixture.HEADERLESS, List.of(), false, all.size());
        List<KeyValue> rows = new ArrayList<>(all);
        if (r.sortOrder() != SortOrder.NONE) {
            Comparator<KeyValue> by = switch (r.sortTarget()) {
                case KEY -> Comparator.comparing(KeyValue::key);
                case VERSION -> Comparator.comparingLong(KeyValue::version);
                case CREATE -> Comparator.comparingLong(KeyValue::createRevision);
                case MOD -> Comparator.comparingLong(KeyValue::modRevision);
                case VALUE -> Comparator.comparing(KeyValue::value);
            };
            rows.sort(r.sortOrder() == SortOrder.DESCEND ? by.reversed() : by);
        } else if (r.sortTarget() != SortTarget.KEY) {
            throw new IllegalArgumentException("the model does not do etcd's NONE + non-KEY quirk");
        }
        boolean more = r.limit() > 0 && rows.size() > r.limit();
        if (more) rows = rows.subList(0, (int) r.limit());
        if (r.keysOnly()) {
            rows = rows.stream().map(kv -> new KeyValue(kv.key(), kv.createRevision(), kv.modRevision(), kv.version(), Bytes.EMPTY, kv.lease())).toList();
        }
        return new RangeResponse(Fixture.HEADERLESS, rows, more, all.size());
    }
}
