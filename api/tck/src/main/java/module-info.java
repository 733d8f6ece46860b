/** Contract suites every plugin of a kind must pass, usable by third-party plugin authors. */
module ketch.tck {
    requires transitive ketch.api;
    // static: the crash child runs from this module without JUnit; the suites need it, and every test run has it
    requires static transitive org.junit.jupiter.api;

    exports ketch.tck.linearizability;
    exports ketch.tck.logstore;
    exports ketch.tck.backend;
    exports ketch.tck.transport;

    uses ketch.api.spi.LogStoreProvider;
    uses ketch.api.spi.KvBackendProvider;
}
