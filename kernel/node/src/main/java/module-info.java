/** The node runtime: reads node.yaml, loads plugins, runs the raft / append / apply lanes. */
module ketch.node {
    requires ketch.api;
    requires ketch.raft;
    requires ketch.kv;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.logging;


    uses ketch.api.spi.LogStoreProvider;
    uses ketch.api.spi.KvBackendProvider;
    uses ketch.api.spi.TransportProvider;
    uses ketch.api.spi.FrontEndProvider;
}
