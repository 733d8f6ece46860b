package ketch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** The request/response sub-commands: put, range, txn-put, lease-keepalive. */
final class UnaryBenchmarks {
    private static final long LEASE_TTL_SECONDS = 100;

    private UnaryBenchmarks() {}

    static LoadRun.Result put(CommandLine.Global global, BenchCommand.Put put) throws IOException {
        Keys.checkKeySpace(put.keySize(), put.keySpaceSize());
        String value = V3Json.b64(Keys.value(put.valSize()));
        SplittableRandom[] random = seeded(global.clients());
        Map<Endpoint, RequestTemplate> templates = new ConcurrentHashMap<>();
        return LoadRun.run(global.endpoints(), global.conns(), global.clients(), put.total(), new Pacer(put.rate()),
                (client, i, ep) -> {
                    long index = put.sequentialKeys() ? i % put.keySpaceSize() : random[client].nextInt(put.keySpaceSize());
                    RequestTemplate template = templates.computeIfAbsent(ep, e -> new RequestTemplate(e, "/v3/kv/put",
                            "{\"key\":\"", put.keySize(), "\",\"value\":\"" + value + "\"}"));
                    return template.request(Keys.key(put.keySize(), index));
                });
    }

    static LoadRun.Result range(CommandLine.Global global, BenchCommand.Range range, PrintStream out) throws IOException {
        out.println(range.linearizable() ? "bench with linearizable range" : "bench with serializable range");
        byte[] body = V3Json.range(utf8(range.key()), range.end().map(UnaryBenchmarks::utf8), !range.linearizable(),
                range.limit(), range.countOnly());
        Map<Endpoint, byte[]> requests = new ConcurrentHashMap<>();
        return LoadRun.run(global.endpoints(), global.conns(), global.clients(), range.total(), new Pacer(range.rate()),
                (client, i, ep) -> requests.computeIfAbsent(ep, e -> HttpConnection.post(e, "/v3/kv/range", body)));
    }

    static LoadRun.Result txnPut(CommandLine.Global global, BenchCommand.TxnPut txn) throws IOException {
        Keys.checkKeySpace(txn.keySize(), txn.keySpaceSize());
        byte[] value = Keys.value(txn.valSize());
        return LoadRun.run(global.endpoints(), global.conns(), global.clients(), txn.total(), new Pacer(txn.rate()),
                (client, i, ep) -> {
                    // consecutive indexes modulo the key space: distinct within one txn because txn-ops <= key space
                    byte[][] keys = new byte[txn.txnOps()][];
                    for (int j = 0; j < keys.length; j++) {
                        keys[j] = Keys.key(txn.keySize(), ((long) i * txn.txnOps() + j) % txn.keySpaceSize());
                    }
                    return HttpConnection.post(ep, "/v3/kv/txn", V3Json.txnPuts(keys, value));
                });
    }

    static LoadRun.Result leaseKeepalive(CommandLine.Global global, BenchCommand.LeaseKeepalive lease)
            throws IOException {
        // one lease per client, granted on the endpoint that client's connection will use
        byte[][] requests = new byte[global.clients()][];
        Map<Endpoint, HttpConnection> granting = new HashMap<>();
        try {
            for (int c = 0; c < requests.length; c++) {
                Endpoint endpoint = LoadRun.endpointOf(global.endpoints(), global.conns(), c);
                HttpConnection connection = granting.get(endpoint);
                if (connection == null) {
                    connection = new HttpConnection(endpoint);
                    granting.put(endpoint, connection);
                }
                HttpResponse granted = connection.call(
                        HttpConnection.post(endpoint, "/v3/lease/grant", V3Json.leaseGrant(LEASE_TTL_SECONDS)));
                if (granted.status() != 200) {
                    throw new IOException("lease grant failed: " + V3Json.errorOf(granted));
                }
                String leaseId = V3Json.field(granted.body(), "ID").orElseThrow(
                        () -> new IOException("lease grant answered without an ID: " + granted.bodyText()));
                requests[c] = HttpConnection.post(endpoint, "/v3/lease/keepalive", V3Json.leaseKeepAlive(leaseId));
            }
        } finally {
            granting.values().forEach(HttpConnection::close);
        }
        return LoadRun.run(global.endpoints(), global.conns(), global.clients(), lease.total(), new Pacer(0),
                (client, i, ep) -> requests[client]);
    }

    private static SplittableRandom[] seeded(int clients) {
        SplittableRandom root = new SplittableRandom(20_240_601L);
        SplittableRandom[] random = new SplittableRandom[clients];
        for (int c = 0; c < clients; c++) {
            random[c] = root.split();
        }
        return random;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
