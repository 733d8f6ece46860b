package ketch.kv.mvcc;

import ketch.api.Bytes;

/** Told of every version the store gains (writes) or drops (compaction), in the order it happens. */
public interface VersionListener {
    VersionListener NONE = new VersionListener() {
        @Override
        public void added(Bytes key, KeyVersion version) {}

        @Override
        public void removed(Bytes key, KeyVersion version) {}
    };

    void added(Bytes key, KeyVersion version);

    void removed(Bytes key, KeyVersion version);
}
