/** Contract suites every plugin of a kind must pass, usable by third-party plugin authors. */
module ketch.tck {
    requires transitive ketch.api;
    requires transitive org.junit.jupiter.api;

    exports ketch.tck.linearizability;
}
