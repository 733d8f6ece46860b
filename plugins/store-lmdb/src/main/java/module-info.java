/** A durable Raft log on LMDB (through lmdbjava). */
module ketch.store.lmdb {
    requires ketch.api;
    requires lmdbjava;

    provides ketch.api.spi.LogStoreProvider with
            ketch.store.lmdb.LmdbLogStoreProvider;
}
