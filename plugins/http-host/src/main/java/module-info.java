/**
 * The HTTP server on the client port that HTTP front ends share (vert.x). Declared host for the
 * front-end plugins: it exports the small package they mount their routes through, nothing else.
 */
module ketch.http.host {
    requires transitive ketch.api;
    requires transitive io.vertx.core;
    requires transitive io.vertx.web;
    requires java.logging;

    exports ketch.http.host;
}
