package ketch.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import ketch.api.Bytes;
import ketch.api.env.Clock;
import ketch.api.kv.AlarmMember;
import ketch.api.kv.AlarmRequest;
import ketch.api.kv.AlarmType;
import ketch.api.kv.CompactionRequest;
import ketch.api.kv.DeleteRangeRequest;
import ketch.api.kv.KvException;
import ketch.api.kv.LeaseGrantRequest;
import ketch.api.kv.PutRequest;
import ketch.api.kv.RangeRequest;
import ketch.api.kv.SnapshotChunk;
import ketch.api.kv.StatusCode;
import ketch.api.kv.WatchCreateRequest;
import ketch.api.kv.WatchResponse;
import ketch.api.spi.LogStoreProvider;
import ketch.kv.KvStateMachine;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quota, NOSPACE, alarms, HashKV, snapshots and compaction on a single in-process member. */
class MaintenanceNodeTest {
    private static KetchNode start(Path dir, long quota) {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        String yaml = "data-dir: " + dir.resolve("data") + "\nlog-store: mvstore\nquota-backend-bytes: " + quota + "\n";
        return KetchNode.start(NodeConfigLoader.fromYaml(yaml, "test.yaml"),
                PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of()), Clock.system());
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static KvException failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(20, TimeUnit.SECONDS).join());
        return assertInstanceOf(KvException.class, e.getCause());
    }

    private static PutRequest put(String key, int valueBytes) {
        return PutRequest.of(Bytes.of(key), Bytes.copyOf(new byte[valueBytes]));
    }

    @Test
    void quotaRaisesNoSpaceThenCompactionAndDisarmRestoreWrites(@TempDir Path dir) {
        try (KetchNode node = start(dir, 8192)) {
            long me = node.identity().memberId();
            KvException full = null;
            for (int i = 0; i < 20 && full == null; i++) {
                CompletableFuture<?> f = node.kv().put(put("k" + i, 1024));
                try {
                    await(f);
                } catch (CompletionException e) {
                    full = assertInstanceOf(KvException.class, e.getCause());
                }
            }
            assertTrue(full != null, "the quota of 8 KiB was never reached");
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, full.code());
            assertEquals("etcdserver: mvcc: database space exceeded", full.getMessage());
            AlarmMember noSpace = new AlarmMember(me, AlarmType.NOSPACE);
            assertEquals(List.of(noSpace), await(node.cluster().alarm(AlarmRequest.get())).alarms());
            assertEquals(List.of("memberID:" + Long.toUnsignedString(me) + " alarm:NOSPACE "), await(node.cluster().status()).errors());

            // capped: even a tiny put or a lease grant is refused; reads and deletes are served
            assertEquals("etcdserver: mvcc: database space exceeded", failure(node.kv().put(put("tiny", 1))).getMessage());
            assertEquals(StatusCode.RESOURCE_EXHAUSTED, failure(node.lease().grant(new LeaseGrantRequest(60, 0))).code());
            assertEquals(1, await(node.kv().range(RangeRequest.ofKey(Bytes.of("k0")))).count());
            long sizeBefore = await(node.cluster().status()).dbSize();
            await(node.kv().deleteRange(new DeleteRangeRequest(Bytes.of("k"), Bytes.of("l"), false)));
            long revision = await(node.cluster().status()).header().revision();
            await(node.kv().compact(new CompactionRequest(revision, true)));
            assertTrue(await(node.cluster().status()).dbSize() < sizeBefore, "compaction freed the history");
            assertEquals("etcdserver: mvcc: database space exceeded", failure(node.kv().put(put("tiny", 1))).getMessage(),
                    "still refused until the alarm is disarmed");

            var cleared = await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.DEACTIVATE, me, AlarmType.NOSPACE)));
            assertEquals(List.of(noSpace), cleared.alarms());
            assertEquals(List.of(), await(node.cluster().alarm(AlarmRequest.get())).alarms());
            assertEquals(List.of(), await(node.cluster().status()).errors());
            await(node.kv().put(put("tiny", 1)));
        }
    }

    @Test
    void alarmRequestsAreReplicatedAndAMalformedOneIsRefused(@TempDir Path dir) {
        try (KetchNode node = start(dir, 0)) {
            AlarmMember corrupt = new AlarmMember(9, AlarmType.CORRUPT);
            assertEquals(List.of(corrupt), await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.ACTIVATE, 9, AlarmType.CORRUPT))).alarms());
            KvException e = failure(node.kv().put(put("a", 1)));
            assertEquals(StatusCode.DATA_LOSS, e.code());
            assertEquals(List.of(), await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.GET, 0, AlarmType.NOSPACE))).alarms());
            assertEquals(List.of(corrupt), await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.GET, 0, AlarmType.CORRUPT))).alarms());
            assertEquals(StatusCode.INVALID_ARGUMENT,
                    failure(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.ACTIVATE, 0, AlarmType.NONE))).code());
            await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.DEACTIVATE, 9, AlarmType.CORRUPT)));
            await(node.kv().put(put("a", 1)));
        }
    }

    @Test
    void compactionDropsHistoryForReadsWatchesAndHashKv(@TempDir Path dir) throws Exception {
        try (KetchNode node = start(dir, 0)) {
            await(node.kv().put(put("a", 100))); // 2
            await(node.kv().put(put("a", 200))); // 3
            await(node.kv().put(put("a", 300))); // 4
            int hashAt3 = await(node.cluster().hashKv(3)).hash();
            assertEquals(hashAt3, await(node.cluster().hashKv(3)).hash(), "deterministic");
            assertFalse(hashAt3 == await(node.cluster().hashKv(4)).hash());
            long before = await(node.cluster().status()).dbSize();
            var done = await(node.kv().compact(new CompactionRequest(3, true)));
            assertEquals(4, done.header().revision());
            assertTrue(await(node.cluster().status()).dbSize() < before, "the versions below 3 are gone");
            assertEquals(3, await(node.cluster().hashKv(0)).compactRevision());
            assertEquals(KvException.compacted().getMessage(), failure(node.cluster().hashKv(2)).getMessage());
            assertEquals(KvException.futureRevision().getMessage(), failure(node.cluster().hashKv(9)).getMessage());
            KvException old = failure(node.kv().range(new RangeRequest(Bytes.of("a"), Bytes.EMPTY, 0, 2,
                    ketch.api.kv.SortOrder.NONE, ketch.api.kv.SortTarget.KEY, false, false, false, 0, 0, 0, 0)));
            assertEquals("etcdserver: mvcc: required revision has been compacted", old.getMessage());

            LinkedBlockingQueue<WatchResponse> responses = new LinkedBlockingQueue<>();
            var stream = node.watch().open(responses::add);
            stream.create(new WatchCreateRequest(Bytes.of("a"), Bytes.EMPTY, 2, false, false, false, false, 0, false));
            List<WatchResponse> seen = new ArrayList<>();
            while (seen.stream().noneMatch(WatchResponse::canceled)) {
                WatchResponse r = responses.poll(20, TimeUnit.SECONDS);
                if (r == null) throw new AssertionError("no cancel within 20 s: " + seen);
                seen.add(r);
            }
            assertEquals(3, seen.getLast().compactRevision());
        }
    }

    @Test
    void snapshotStreamsTheStateWithRemainingBytesAndASha256(@TempDir Path dir) throws Exception {
        try (KetchNode node = start(dir, 0)) {
            for (int i = 0; i < 40; i++) await(node.kv().put(put("key" + i, 2000))); // > 2 chunks of 32 KiB
            await(node.cluster().alarm(new AlarmRequest(AlarmRequest.Action.ACTIVATE, 7, AlarmType.NOSPACE)));
            Iterator<SnapshotChunk> chunks = await(node.cluster().snapshot());
            List<SnapshotChunk> all = new ArrayList<>();
            chunks.forEachRemaining(all::add);
            assertTrue(all.size() >= 4, "at least three pieces and the digest: " + all.size());
            ByteArrayOutputStream state = new ByteArrayOutputStream();
            for (SnapshotChunk c : all.subList(0, all.size() - 1)) state.write(c.blob().toByteArray());
            byte[] bytes = state.toByteArray();
            long remaining = bytes.length;
            for (SnapshotChunk c : all.subList(0, all.size() - 1)) {
                remaining -= c.blob().size();
                assertEquals(remaining, c.remainingBytes());
            }
            SnapshotChunk digest = all.getLast();
            assertEquals(0, digest.remainingBytes());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(bytes), digest.blob().toByteArray());
            KvStateMachine restored = KvStateMachine.restore(bytes, 1, 2);
            assertEquals(await(node.cluster().hashKv(0)).hash(), restored.hashKv(0), "the stream holds the keyspace");
            assertEquals(List.of(new AlarmMember(7, AlarmType.NOSPACE)), restored.alarms(AlarmType.NONE));
        }
    }
}
