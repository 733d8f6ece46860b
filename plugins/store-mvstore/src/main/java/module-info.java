/** A durable Raft log (the embedded default log store) and a KV backend on H2 MVStore. */
module ketch.store.mvstore {
    requires ketch.api;
    requires com.h2database.mvstore;

    provides ketch.api.spi.LogStoreProvider with
            ketch.store.mvstore.MvStoreLogStoreProvider;
    provides ketch.api.spi.KvBackendProvider with
            ketch.store.mvstore.MvStoreKvBackendProvider;
}
