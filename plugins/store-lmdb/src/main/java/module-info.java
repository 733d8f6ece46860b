/** A durable Raft log and a KV backend on LMDB (through lmdbjava). */
module ketch.store.lmdb {
    requires ketch.api;
    requires lmdbjava;

    provides ketch.api.spi.LogStoreProvider with
            ketch.store.lmdb.LmdbLogStoreProvider;
    provides ketch.api.spi.KvBackendProvider with
            ketch.store.lmdb.LmdbKvBackendProvider;
}
