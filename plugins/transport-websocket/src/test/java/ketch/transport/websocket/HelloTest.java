package ketch.transport.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hello headers of the upgrade request, and the peer URL to endpoint mapping. */
class HelloTest {
    @Test
    void idsTravelAsUnsignedHexAndRoundTrip() {
        Hello hello = new Hello(-1, Long.MIN_VALUE + 1, -2);
        Map<String, String> headers = hello.headers();
        assertEquals("ffffffffffffffff", headers.get(Hello.FROM));
        assertEquals("8000000000000001", headers.get(Hello.TO));
        assertEquals("fffffffffffffffe", headers.get(Hello.CLUSTER));
        assertEquals("2", headers.get(Hello.WIRE));
        assertEquals(hello, Hello.parse(name -> Optional.ofNullable(headers.get(name))));
    }

    @Test
    void missingOrWrongHeadersAreRefusedNamingTheHeader() {
        assertRefused(Map.of(), "no Ketch-Wire-Version header");
        assertRefused(Map.of(Hello.WIRE, "1", Hello.FROM, "1", Hello.TO, "2"), "Ketch-Wire-Version 1 is not supported, expected 2 (the dialer runs an older Ketch");
        assertRefused(Map.of(Hello.WIRE, "2", Hello.TO, "2", Hello.CLUSTER, "3"), "no Ketch-Member-From header");
        assertRefused(Map.of(Hello.WIRE, "2", Hello.FROM, "1", Hello.TO, "2"), "no Ketch-Cluster-Id header");
        assertRefused(Map.of(Hello.WIRE, "2", Hello.FROM, "xyz", Hello.TO, "2", Hello.CLUSTER, "3"), "Ketch-Member-From is 'xyz', expected an id in hex");
        assertRefused(Map.of(Hello.WIRE, "2", Hello.FROM, "0", Hello.TO, "2", Hello.CLUSTER, "3"), "must be non-zero");
    }

    @Test
    void peerUrlsMapToTheFixedPathOnTheSameHostAndPort() {
        assertEquals(URI.create("ws://10.0.0.2:2380/ketch/raft"), PeerUrl.endpoint(URI.create("http://10.0.0.2:2380")));
        assertEquals(URI.create("ws://[::1]:2380/ketch/raft"), PeerUrl.endpoint(URI.create("http://[::1]:2380/")));
        assertEquals(URI.create("wss://10.0.0.2:2380/ketch/raft"), PeerUrl.endpoint(URI.create("https://10.0.0.2:2380")));
        assertEquals(URI.create("wss://10.0.0.2:2380/ketch/raft"), PeerUrl.endpoint(URI.create("wss://10.0.0.2:2380")));
        var e = assertThrows(IllegalArgumentException.class, () -> PeerUrl.endpoint(URI.create("tcp://10.0.0.2:2380")));
        assertTrue(e.getMessage().contains("expected http://host:port or https://host:port"), e.getMessage());
    }

    private static void assertRefused(Map<String, String> headers, String expected) {
        Map<String, String> copy = new HashMap<>(headers);
        var e = assertThrows(IllegalArgumentException.class, () -> Hello.parse(name -> Optional.ofNullable(copy.get(name))));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
