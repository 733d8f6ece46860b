package ketch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.Event;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.api.kv.WatchService;
import ketch.api.spi.LogStoreProvider;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watches, leases and status on a single in-process member over the real log store. */
class NodeServicesTest {
    /** The machine's clock plus a manual offset, so lease expiry needs no waiting. */
    private static final class ShiftedClock implements Clock {
        final AtomicLong offsetNanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return System.nanoTime() + offsetNanos.get();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis() + offsetNanos.get() / 1_000_000;
        }
    }

    private static KetchNode start(Path dir, Clock clock) {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return KetchNode.start(NodeConfigLoader.fromYaml("data-dir: " + dir.resolve("data") + "\nlog-store: mvstore\n", "test.yaml"),
                PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of()), clock);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static WatchResponse next(LinkedBlockingQueue<WatchResponse> q) throws InterruptedException {
        WatchResponse r = q.poll(20, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no watch response within 20 s");
        return r;
    }

    @Test
    void watchDeliversCreatedThenEventsInOrderAndReplaysHistory(@TempDir Path dir) throws Exception {
        try (KetchNode node = start(dir, Clock.system())) {
            await(node.kv().put(PutRequest.of(Bytes.of("w"), Bytes.of("0")))); // revision 2
            LinkedBlockingQueue<WatchResponse> live = new LinkedBlockingQueue<>();
            WatchService.WatchStream stream = node.watch().open(live::add);
            stream.create(new WatchCreateRequest(Bytes.of("w"), Bytes.EMPTY, 0, false, false, false, true, 0, false));
            WatchResponse created = next(live);
            assertTrue(created.created());
            assertEquals(0, created.watchId());
            await(node.kv().put(PutRequest.of(Bytes.of("w"), Bytes.of("1")))); // 3
            await(node.kv().put(PutRequest.of(Bytes.of("other"), Bytes.of("x")))); // 4, not watched
            await(node.kv().put(PutRequest.of(Bytes.of("w"), Bytes.of("2")))); // 5
            WatchResponse first = next(live);
            assertEquals(3, first.header().revision());
            assertEquals("1", first.events().getFirst().kv().value().toStringUtf8());
            assertEquals("0", first.events().getFirst().prevKv().orElseThrow().value().toStringUtf8(), "prev_kv asked for");
            WatchResponse second = next(live);
            assertEquals(5, second.events().getFirst().kv().modRevision());

            // a second watch on the same stream from a past revision replays the history, and gets id 1
            stream.create(new WatchCreateRequest(Bytes.of("w"), Bytes.EMPTY, 2, false, false, false, false, 0, false));
            WatchResponse created2 = next(live);
            assertEquals(1, created2.watchId());
            List<Long> replayed = new java.util.ArrayList<>();
            while (replayed.size() < 3) {
                for (Event e : next(live).events()) replayed.add(e.kv().modRevision());
            }
            assertEquals(List.of(2L, 3L, 5L), replayed);

            stream.cancel(0);
            WatchResponse canceled = next(live);
            assertTrue(canceled.canceled());
            assertEquals(0, canceled.watchId());
            stream.close();
        }
    }

    @Test
    void leaseGrantAttachTimeToLiveRevoke(@TempDir Path dir) {
        try (KetchNode node = start(dir, Clock.system())) {
            var grant = await(node.lease().grant(new LeaseGrantRequest(0, 0)));
            assertEquals(2, grant.ttl(), "raised to etcd's minimum, ceil(1.5 x election timeout)");
            long id = await(node.lease().grant(new LeaseGrantRequest(60, 0))).id();
            assertTrue(id > 0);
            await(node.kv().put(new PutRequest(Bytes.of("leased"), Bytes.of("v"), id, false, false, false)));
            var ttl = await(node.lease().timeToLive(id, true));
            assertEquals(60, ttl.grantedTtl());
            assertTrue(ttl.ttl() > 0 && ttl.ttl() <= 60, "remaining " + ttl.ttl());
            assertEquals(List.of(Bytes.of("leased")), ttl.keys());
            assertEquals(60, await(node.lease().keepAlive(id)).ttl());
            assertTrue(await(node.lease().leases()).leases().contains(id));
            await(node.lease().revoke(id));
            assertTrue(await(node.kv().range(RangeRequest.ofKey(Bytes.of("leased")))).kvs().isEmpty(), "revoke deletes attached keys");
            assertEquals(-1, await(node.lease().timeToLive(id, false)).ttl());
            assertEquals(0, await(node.lease().keepAlive(id)).ttl(), "keep-alive of a gone lease answers TTL 0");
        }
    }

    @Test
    void theLeaderRevokesAnExpiredLease(@TempDir Path dir) throws Exception {
        ShiftedClock clock = new ShiftedClock();
        try (KetchNode node = start(dir, clock)) {
            long id = await(node.lease().grant(new LeaseGrantRequest(30, 0))).id();
            await(node.kv().put(new PutRequest(Bytes.of("session"), Bytes.of("alive"), id, false, false, false)));
            LinkedBlockingQueue<WatchResponse> events = new LinkedBlockingQueue<>();
            node.watch().open(events::add).create(WatchCreateRequest.ofKey(Bytes.of("session")));
            assertTrue(next(events).created());
            clock.offsetNanos.addAndGet(TimeUnit.SECONDS.toNanos(31)); // the lease's 30 s pass
            WatchResponse deleted = next(events);
            assertEquals(Event.Type.DELETE, deleted.events().getFirst().type());
            assertEquals(-1, await(node.lease().timeToLive(id, false)).ttl());
        }
    }

    @Test
    void statusAndMemberListDescribeThisMember(@TempDir Path dir) {
        try (KetchNode node = start(dir, Clock.system())) {
            await(node.kv().put(PutRequest.of(Bytes.of("a"), Bytes.of("1"))));
            var status = await(node.cluster().status());
            assertEquals(node.identity().memberId(), status.leader());
            assertEquals(2, status.header().revision());
            assertTrue(status.raftIndex() >= 2 && status.raftAppliedIndex() >= 2, status.toString());
            assertTrue(status.dbSize() > 0, "the keyspace's size is reported: " + status);
            var members = await(node.cluster().memberList()).members();
            assertEquals(1, members.size());
            assertEquals("default", members.getFirst().name());
            assertFalse(members.getFirst().clientUrls().isEmpty());
            assertEquals(await(node.cluster().hash()).hash(), await(node.cluster().hash()).hash());
            await(node.cluster().moveLeader(node.identity().memberId())); // to itself: nothing to do
            var bad = node.cluster().moveLeader(12345);
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                    () -> bad.orTimeout(20, TimeUnit.SECONDS).join());
            assertEquals("etcdserver: bad leader transferee", e.getCause().getMessage());
        }
    }
}
