/** The peer transport on Netty TCP. */
module ketch.transport.tcp {
    requires ketch.api;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.common;
    requires java.logging;
}
