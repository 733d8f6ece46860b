package ketch.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import ketch.api.env.Clock;
import ketch.api.kv.KvException;
import ketch.api.kv.Member;
import ketch.api.kv.MemberAddResponse;
import ketch.api.kv.StatusCode;
import ketch.api.spi.LogStoreProvider;
import ketch.node.cluster.MemberIds;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Member add, update, promote and remove on one real member, with etcd's checks and errors. */
class MemberChangesTest {
    private static final URI LEARNER_URL = URI.create("http://127.0.0.1:29381");

    private static KetchNode start(Path dir) {
        List<LogStoreProvider> stores = ServiceLoader.load(LogStoreProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        return KetchNode.start(NodeConfigLoader.fromYaml("data-dir: " + dir.resolve("data") + "\nlog-store: mvstore\n", "test.yaml"),
                PluginCatalog.of(stores, List.of(NoPeersTransport.PROVIDER), List.of()), Clock.system());
    }

    private static <T> T await(CompletableFuture<T> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private static KvException failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, () -> f.orTimeout(20, TimeUnit.SECONDS).join());
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause();
        return (KvException) cause;
    }

    private static void assertFails(StatusCode code, String message, CompletableFuture<?> f) {
        KvException e = failure(f);
        assertEquals(message, e.getMessage());
        assertEquals(code, e.code());
    }

    @Test
    void aLearnerIsAddedUpdatedAndRemovedAndTheTransportFollows(@TempDir Path dir) {
        try (KetchNode node = start(dir)) {
            long self = node.identity().memberId();
            awaitLeader(node);
            MemberAddResponse added = await(node.cluster().memberAdd(List.of(LEARNER_URL), true));
            long id = MemberIds.memberId(List.of(LEARNER_URL), "etcd-cluster");
            assertEquals(new Member(id, "", List.of(LEARNER_URL), List.of(), true), added.member());
            assertEquals(2, added.members().size());
            assertEquals(0, added.header().revision(), "cluster responses carry no revision");
            assertTrue(added.members().stream().anyMatch(m -> m.id() == self && !m.learner()));
            assertEquals(List.of(LEARNER_URL), await(node.cluster().memberList()).members().stream()
                    .filter(m -> m.id() == id).findFirst().orElseThrow().peerUrls());
            awaitPeers(node, java.util.Map.of(id, List.of(LEARNER_URL)));

            assertFails(StatusCode.FAILED_PRECONDITION, "etcdserver: Peer URLs already exists",
                    node.cluster().memberAdd(List.of(LEARNER_URL), false));
            assertFails(StatusCode.FAILED_PRECONDITION, "etcdserver: too many learner members in cluster",
                    node.cluster().memberAdd(List.of(URI.create("http://127.0.0.1:29390")), true));
            assertFails(StatusCode.FAILED_PRECONDITION, "etcdserver: can only promote a learner member which is in sync with leader",
                    node.cluster().memberPromote(id));
            assertFails(StatusCode.FAILED_PRECONDITION, "etcdserver: can only promote a learner member", node.cluster().memberPromote(self));

            URI moved = URI.create("http://127.0.0.1:29382");
            List<Member> afterUpdate = await(node.cluster().memberUpdate(id, List.of(moved))).members();
            assertEquals(List.of(moved), afterUpdate.stream().filter(m -> m.id() == id).findFirst().orElseThrow().peerUrls());
            awaitPeers(node, java.util.Map.of(id, List.of(moved)));

            List<Member> afterRemove = await(node.cluster().memberRemove(id)).members();
            assertEquals(List.of(self), afterRemove.stream().map(Member::id).toList());
            // the link to a removed member closes a little later (PeerReconcilerTest covers it)
            // the id comes from the URLs it was added with, and a removed id is never used again
            assertFails(StatusCode.NOT_FOUND, "etcdserver: member not found", node.cluster().memberAdd(List.of(LEARNER_URL), true));
        }
    }

    @Test
    void etcdsChecksRefuseBadChanges(@TempDir Path dir) {
        try (KetchNode node = start(dir)) {
            long self = node.identity().memberId();
            awaitLeader(node);
            assertFails(StatusCode.NOT_FOUND, "etcdserver: member not found", node.cluster().memberRemove(42));
            assertFails(StatusCode.NOT_FOUND, "etcdserver: member not found", node.cluster().memberPromote(42));
            assertFails(StatusCode.NOT_FOUND, "etcdserver: member not found", node.cluster().memberUpdate(42, List.of(LEARNER_URL)));
            for (List<URI> bad : List.of(List.<URI>of(), List.of(URI.create("ftp://127.0.0.1:1")), List.of(URI.create("http://127.0.0.1")),
                    List.of(URI.create("http://127.0.0.1:1/path")))) {
                assertFails(StatusCode.INVALID_ARGUMENT, "etcdserver: given member URLs are invalid", node.cluster().memberAdd(bad, false));
            }
            assertFails(StatusCode.FAILED_PRECONDITION, "etcdserver: re-configuration failed due to not enough started members",
                    node.cluster().memberRemove(self));
            List<Member> members = await(node.cluster().memberList()).members();
            assertEquals(1, members.size());
            assertFalse(members.getFirst().clientUrls().isEmpty());
            assertEquals("default", members.getFirst().name());
        }
    }

    /** A write commits once the member leads and has applied its bootstrap configuration. */
    private static void awaitLeader(KetchNode node) {
        await(node.kv().put(ketch.api.kv.PutRequest.of(ketch.api.Bytes.of("ready"), ketch.api.Bytes.of("1"))));
    }

    /** The peers change on the apply lane right after the entry: wait for the transport to agree. */
    private static void awaitPeers(KetchNode node, java.util.Map<Long, List<URI>> expected) {
        // a linearizable read is applied after the change, and the reconciler runs in the same batch or an earlier one
        await(node.kv().range(ketch.api.kv.RangeRequest.ofKey(ketch.api.Bytes.of("sync"))));
        assertEquals(expected, java.util.Map.copyOf(NoPeersTransport.PEERS));
    }
}
