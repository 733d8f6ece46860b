/**
 * The peer transport on WebSocket: {@code transport: {type: websocket}} in node.yaml. Exports
 * nothing; the node finds it through {@link ketch.api.spi.TransportProvider}.
 */
module ketch.transport.websocket {
    requires ketch.api;
    requires org.java_websocket;
    requires java.logging;

    provides ketch.api.spi.TransportProvider with
            ketch.transport.websocket.WebSocketTransportProvider;
}
