package ketch.transport.websocket;

import java.util.Map;
import java.util.Optional;

/**
 * Who dials whom, in which cluster, carried as headers of the HTTP upgrade request so the acceptor
 * can refuse a stranger, a wrong address, a member of another cluster or another wire version
 * before the upgrade (and proxies pass it on). Ids are written as unsigned hex, as etcd prints them.
 *
 * @param clusterId the sender's cluster; 0 when it does not know it yet (a member joining an existing cluster)
 */
record Hello(long from, long to, long clusterId) {
    static final String FROM = "Ketch-Member-From";
    static final String TO = "Ketch-Member-To";
    static final String CLUSTER = "Ketch-Cluster-Id";
    static final String WIRE = "Ketch-Wire-Version";
    // version 2 added the cluster id
    static final String VERSION = "2";

    Hello {
        if (from == 0 || to == 0) throw new IllegalArgumentException("hello member ids must be non-zero, got " + hex(from) + " -> " + hex(to));
    }

    /** A hello that announces no cluster. */
    Hello(long from, long to) {
        this(from, to, 0);
    }

    /** The headers a dialer adds to its upgrade request. */
    Map<String, String> headers() {
        return Map.of(FROM, hex(from), TO, hex(to), CLUSTER, hex(clusterId), WIRE, VERSION);
    }

    /**
     * Reads a hello from upgrade headers ({@code header} gives a header's value, empty if absent);
     * throws {@link IllegalArgumentException} naming what is wrong.
     */
    static Hello parse(java.util.function.Function<String, Optional<String>> header) {
        String version = header.apply(WIRE).orElseThrow(() -> new IllegalArgumentException(
                "the upgrade request has no " + WIRE + " header (is the dialer a Ketch websocket transport?)"));
        if (!version.equals(VERSION)) {
            throw new IllegalArgumentException(WIRE + " " + version + " is not supported, expected " + VERSION
                    + (version.equals("1") ? " (the dialer runs an older Ketch; upgrade every member)" : ""));
        }
        return new Hello(id(header, FROM), id(header, TO), id(header, CLUSTER));
    }

    private static long id(java.util.function.Function<String, Optional<String>> header, String name) {
        String value = header.apply(name).orElseThrow(() -> new IllegalArgumentException("the upgrade request has no " + name + " header"));
        try {
            return Long.parseUnsignedLong(value, 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is '" + value + "', expected an id in hex");
        }
    }

    static String hex(long id) {
        return Long.toUnsignedString(id, 16);
    }
}
