/** etcd's v3 JSON gateway (/v3/...) on the client port. */
module ketch.frontend.v3 {
    requires ketch.api;
    requires ketch.http.host;
    requires com.fasterxml.jackson.core;
    requires java.logging;

    provides ketch.api.spi.FrontEndProvider with ketch.frontend.v3.V3FrontEndProvider;
}
