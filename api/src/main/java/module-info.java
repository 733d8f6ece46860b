/**
 * Ketch's API: the value types and service interfaces that front ends use, and the SPIs that
 * log stores, transports and front ends implement. Depends on java.base only.
 */
module ketch.api {
    exports ketch.api;
    exports ketch.api.env;
    exports ketch.api.kv;
    exports ketch.api.raft;
    exports ketch.api.spi;

    uses ketch.api.spi.LogStoreProvider;
    uses ketch.api.spi.KvBackendProvider;
    uses ketch.api.spi.TransportProvider;
    uses ketch.api.spi.FrontEndProvider;
}
