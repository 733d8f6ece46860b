/**
 * The peer transport on Netty TCP: {@code transport: {type: tcp}} in node.yaml. Exports nothing;
 * the node finds it through {@link ketch.api.spi.TransportProvider}.
 */
module ketch.transport.tcp {
    requires ketch.api;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.handler;
    requires io.netty.codec;
    requires io.netty.common;
    requires java.logging;

    provides ketch.api.spi.TransportProvider with
            ketch.transport.tcp.TcpTransportProvider;
}
