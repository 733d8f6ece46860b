/** A durable Raft log on H2 MVStore: the embedded default log store. */
module ketch.store.mvstore {
    requires ketch.api;
    requires com.h2database.mvstore;

    provides ketch.api.spi.LogStoreProvider with
            ketch.store.mvstore.MvStoreLogStoreProvider;
}
