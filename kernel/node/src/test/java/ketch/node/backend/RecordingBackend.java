package ketch.node.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ketch.api.Bytes;
import ketch.api.spi.KvBackend;
import ketch.api.spi.KvBatch;

/** A KvBackend in memory that records its commits and syncs; "durable" is the content at the last sync. */
final class RecordingBackend implements KvBackend {
    final TreeMap<String, TreeMap<Bytes, Bytes>> buckets = new TreeMap<>();
    final List<KvBatch> commits = new ArrayList<>();
    int syncs;
    int defragments;
    boolean closed;

    @Override
    public void commit(KvBatch batch) {
        commits.add(batch);
        for (KvBatch.Op op : batch.ops()) {
            switch (op) {
                case KvBatch.Put p -> buckets.computeIfAbsent(p.bucket(), b -> new TreeMap<>()).put(p.key(), p.value());
                case KvBatch.Delete d -> buckets.getOrDefault(d.bucket(), new TreeMap<>()).remove(d.key());
                case KvBatch.Clear c -> buckets.remove(c.bucket());
            }
        }
    }

    @Override
    public void sync() {
        syncs++;
    }

    @Override
    public Optional<Bytes> get(String bucket, Bytes key) {
        return Optional.ofNullable(buckets.getOrDefault(bucket, new TreeMap<>()).get(key));
    }

    @Override
    public void scan(String bucket, Bytes from, Visitor visitor) {
        for (Map.Entry<Bytes, Bytes> e : buckets.getOrDefault(bucket, new TreeMap<>()).tailMap(from, true).entrySet()) {
            if (!visitor.visit(e.getKey(), e.getValue())) return;
        }
    }

    @Override
    public long sizeBytes() {
        return 4096;
    }

    @Override
    public void defragment() {
        defragments++;
    }

    @Override
    public void close() {
        closed = true;
    }
}
