package ketch.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ketch.api.spi.PluginConfigException;
import ketch.api.spi.Transport;
import ketch.api.spi.TransportProvider;
import ketch.tck.logstore.DefaultsPluginConfig;
import ketch.tck.transport.RecordingInbound;
import org.junit.jupiter.api.Test;

/** The provider: its node.yaml keys, their validation, and the URLs it accepts. */
class WebSocketTransportProviderTest {
    private static final List<URI> ANY_PORT = List.of(URI.create("http://127.0.0.1:0"));
    private final WebSocketTransportProvider provider = new WebSocketTransportProvider();

    @Test
    void isTheWebsocketTypeWithItsDocumentedKeys() {
        assertEquals("websocket", provider.type());
        assertEquals(Set.of("connect-timeout", "reconnect-backoff-max", "max-queued-messages", "max-queued-bytes", "io-threads"), provider.configKeys());
        assertTrue(provider.description().startsWith("websocket: "));
    }

    @Test
    void theModuleProvidesItAsATransportProvider() {
        var provides = WebSocketTransportProvider.class.getModule().getDescriptor().provides();
        assertTrue(provides.stream().anyMatch(p -> p.service().equals(TransportProvider.class.getName())
                && p.providers().equals(List.of(WebSocketTransportProvider.class.getName()))), provides.toString());
        assertTrue(WebSocketTransportProvider.class.getModule().getDescriptor().exports().isEmpty(), "a plugin exports nothing");
    }

    @Test
    void defaultsApplyWithAnEmptySection() {
        WebSocketSettings s = WebSocketTransportProvider.settings(DefaultsPluginConfig.of("websocket"), context(ANY_PORT));
        assertEquals(new WebSocketSettings(WebSocketTransportProvider.DEFAULT_CONNECT_TIMEOUT, WebSocketTransportProvider.DEFAULT_RECONNECT_BACKOFF_MAX,
                WebSocketTransportProvider.DEFAULT_MAX_QUEUED_MESSAGES, WebSocketTransportProvider.DEFAULT_MAX_QUEUED_BYTES, 1 << 20,
                WebSocketTransportProvider.DEFAULT_IO_THREADS), s);
    }

    @Test
    void badValuesAreRefusedNamingTheKeyAndTheValue() {
        assertBad(WebSocketTransportProvider.MAX_QUEUED_MESSAGES, "0", "expected 1..1000000, got 0");
        assertBad(WebSocketTransportProvider.IO_THREADS, "99", "expected 1..16, got 99");
        assertBad(WebSocketTransportProvider.CONNECT_TIMEOUT, "0", "expected 1ms..60s, got 0ms");
        assertBad(WebSocketTransportProvider.RECONNECT_BACKOFF_MAX, "5", "expected 20ms..60s, got 5ms");
        assertBad(WebSocketTransportProvider.MAX_QUEUED_BYTES, "1000", "expected at least one largest message (1048584 bytes), got 1000");
    }

    @Test
    void httpsListenUrlsNeedACertificate() {
        var e = assertThrows(PluginConfigException.class,
                () -> provider.create(DefaultsPluginConfig.of("websocket"), context(List.of(URI.create("https://127.0.0.1:2380")))));
        assertTrue(e.getMessage().contains("https://127.0.0.1:2380") && e.getMessage().contains("TLS"), e.getMessage());
    }

    @Test
    void malformedListenUrlsAreRefusedNamingTheUrl() {
        for (String url : List.of("http://127.0.0.1", "tcp://127.0.0.1:2380", "http://127.0.0.1:2380/ketch/raft", "unix:/tmp/sock")) {
            var e = assertThrows(PluginConfigException.class, () -> provider.create(DefaultsPluginConfig.of("websocket"), context(List.of(URI.create(url)))));
            assertTrue(e.getMessage().contains(url) && e.getMessage().contains("http://host:port"), e.getMessage());
        }
    }

    @Test
    void peerUrlsAndIdsAreCheckedWhenAPeerIsAdded() {
        try (Transport t = provider.create(DefaultsPluginConfig.of("websocket"), context(ANY_PORT))) {
            var ftp = assertThrows(IllegalArgumentException.class, () -> t.addPeer(2, List.of(URI.create("ftp://10.0.0.2:2380"))));
            assertTrue(ftp.getMessage().contains("ftp://10.0.0.2:2380"), ftp.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.addPeer(2, List.of()));
            var self = assertThrows(IllegalArgumentException.class, () -> t.addPeer(-9, List.of(URI.create("http://10.0.0.2:2380"))));
            assertTrue(self.getMessage().contains(Long.toUnsignedString(-9, 16)), self.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.addPeer(0, List.of(URI.create("http://10.0.0.2:2380"))));
        }
    }

    @Test
    void portZeroBindsARealPortShownByBoundAddresses() {
        try (WebSocketTransport t = (WebSocketTransport) provider.create(DefaultsPluginConfig.of("websocket"), context(ANY_PORT))) {
            t.start(new RecordingInbound());
            assertEquals(1, t.boundAddresses().size());
            assertNotEquals(0, t.boundAddresses().getFirst().getPort());
        }
    }

    @Test
    void aBusyPortFailsStartNamingTheUrl() {
        try (WebSocketTransport first = (WebSocketTransport) provider.create(DefaultsPluginConfig.of("websocket"), context(ANY_PORT))) {
            first.start(new RecordingInbound());
            URI taken = URI.create("http://127.0.0.1:" + first.boundAddresses().getFirst().getPort());
            try (Transport second = provider.create(DefaultsPluginConfig.of("websocket"), context(List.of(taken)))) {
                var e = assertThrows(IllegalStateException.class, () -> second.start(new RecordingInbound()));
                assertTrue(e.getMessage().startsWith("cannot listen on " + taken), e.getMessage());
            }
        }
    }

    private void assertBad(String key, String value, String expected) {
        var e = assertThrows(PluginConfigException.class, () -> provider.create(new DefaultsPluginConfig("websocket", Map.of(key, value)), context(ANY_PORT)));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(expected), e.getMessage());
    }

    private static TransportProvider.Context context(List<URI> urls) {
        return new TransportProvider.Context(-9, urls, 1 << 20);
    }
}
