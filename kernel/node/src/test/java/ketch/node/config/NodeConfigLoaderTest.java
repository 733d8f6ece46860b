package ketch.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {

    private static NodeConfig load(List<String> args, Map<String, String> env) {
        return NodeConfigLoader.load(CommandLine.parse(args), env);
    }

    @Test
    void noConfigAtAllGivesASingleNodeWithEtcdDefaults() {
        NodeConfig c = load(List.of(), Map.of());
        assertEquals("default", c.name());
        assertEquals(Path.of("ketch-data"), c.dataDir());
        assertEquals(List.of(URI.create("http://127.0.0.1:2379")), c.listenClientUrls());
        assertEquals(List.of(URI.create("http://127.0.0.1:2379")), c.advertiseClientUrls());
        assertEquals(List.of(URI.create("http://127.0.0.1:2380")), c.listenPeerUrls());
        assertEquals(Map.of("default", List.of(URI.create("http://127.0.0.1:2380"))), c.initialCluster());
        assertEquals(ClusterState.NEW, c.initialClusterState());
        assertEquals("etcd-cluster", c.initialClusterToken());
        assertEquals(10, c.electionTicks());
        assertEquals(1536 * 1024, c.limits().maxRequestBytes());
        assertEquals(128, c.limits().maxTxnOps());
        assertEquals(2L << 30, c.limits().quotaBackendBytes());
        assertEquals("lmdb", c.logStore().type(), "the measured default, docs/adr-default-log-store.md");
        assertEquals("tcp", c.transport().type());
        assertTrue(c.frontEnds().isEmpty(), "empty means every installed front end");
    }

    @Test
    void readsAnEtcdStyleFileAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, """
                name: n1
                data-dir: /var/lib/ketch
                listen-client-urls: http://127.0.0.1:12379,http://127.0.0.1:22379
                listen-peer-urls: http://127.0.0.1:12380
                initial-advertise-peer-urls: http://127.0.0.1:12380
                initial-cluster: n1=http://127.0.0.1:12380,n2=http://127.0.0.1:12381
                initial-cluster-state: existing
                heartbeat-interval: 50
                election-timeout: 500
                quota-backend-bytes: 8GiB
                log-store:
                  type: mvstore
                  file-name: log.db
                front-ends:
                  - type: v3
                """);
        NodeConfig c = load(List.of("--config-file", file.toString(), "--data-dir=/tmp/x", "--pre-vote", "false"), Map.of());
        assertEquals("n1", c.name());
        assertEquals(Path.of("/tmp/x"), c.dataDir(), "flags override the file");
        assertFalse(c.preVote());
        assertEquals(2, c.listenClientUrls().size());
        assertEquals(List.of("n1", "n2"), List.copyOf(c.initialCluster().keySet()));
        assertEquals(ClusterState.EXISTING, c.initialClusterState());
        assertEquals(Duration.ofMillis(50), c.heartbeatInterval());
        assertEquals(10, c.electionTicks());
        assertEquals(8L << 30, c.limits().quotaBackendBytes());
        assertEquals("log.db", c.logStore().string("file-name", ""));
        assertEquals("v3", c.frontEnds().getFirst().type());
    }

    @Test
    void etcdEnvironmentVariablesApplyBetweenFileAndFlags() {
        NodeConfig c = load(List.of("--name", "fromflag"), Map.of("ETCD_NAME", "fromenv", "ETCD_SNAPSHOT_COUNT", "42",
                "ETCD_INITIAL_CLUSTER", "fromflag=http://127.0.0.1:2380"));
        assertEquals("fromflag", c.name());
        assertEquals(42, c.snapshotCount());
    }

    @Test
    void unknownKeyNamesFileLineAndSuggestion() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("""
                name: n1
                snapshot-cuont: 5
                """, "node.yaml"));
        assertTrue(e.getMessage().startsWith("node.yaml:2: unknown key 'snapshot-cuont'; did you mean 'snapshot-count'?"), e.getMessage());
        assertTrue(e.getMessage().contains("valid keys: name, data-dir"), e.getMessage());
    }

    @Test
    void wrongValueTypeNamesLineKeyAndExpectation() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("""
                name: n1

                snapshot-count: lots
                """, "node.yaml"));
        assertEquals("node.yaml:3: key 'snapshot-count': expected a whole number, got 'lots'", e.getMessage());
        e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("listen-client-urls: ftp://x:1\n", "node.yaml"));
        assertTrue(e.getMessage().startsWith("node.yaml:1: key 'listen-client-urls': expected a URL with scheme http or https"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("pre-vote: [1]\n", "node.yaml"));
        assertEquals("node.yaml:1: key 'pre-vote': expected a single value, got a list", e.getMessage());
    }

    @Test
    void electionTimeoutMustBeFiveHeartbeats() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(List.of("--heartbeat-interval=100", "--election-timeout=300"), Map.of()));
        assertEquals("flag --election-timeout: key 'election-timeout': expected at least 5 x heartbeat-interval (500ms), got '300ms'", e.getMessage());
    }

    @Test
    void initialClusterMustNameThisMember() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(List.of("--name", "n9", "--initial-cluster", "n1=http://127.0.0.1:2380"), Map.of()));
        assertEquals("flag --initial-cluster: initial-cluster has no entry for this member's name 'n9'; members listed: n1", e.getMessage());
    }

    @Test
    void unsupportedEtcdKeysAreRefusedAndHarmlessOnesWarned() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("""
                client-transport-security:
                  cert-file: /x.pem
                """, "node.yaml"));
        assertTrue(e.getMessage().startsWith("node.yaml:2: 'client-transport-security'"), e.getMessage());
        NodeConfig c = NodeConfigLoader.fromYaml("enable-v2: true\nlogger: zap\n", "node.yaml");
        assertEquals(2, c.warnings().size());
        assertTrue(c.warnings().getFirst().startsWith("node.yaml:1: 'enable-v2' has no effect"), c.warnings().getFirst());
    }

    @Test
    void unknownFlagIsRefusedWithSuggestion() {
        ConfigException e = assertThrows(ConfigException.class, () -> CommandLine.parse(List.of("--data-dri", "x")));
        assertTrue(e.getMessage().startsWith("unknown flag --data-dri; did you mean 'data-dir'?"), e.getMessage());
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("name: a\nname: b\n", "node.yaml"));
        assertEquals("node.yaml:2: key 'name' appears twice (first at node.yaml:1)", e.getMessage());
        e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("name: [a\n", "node.yaml"));
        assertTrue(e.getMessage().startsWith("node.yaml: not valid YAML"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("- a\n- b\n", "node.yaml"));
        assertTrue(e.getMessage().startsWith("node.yaml:1: the file must be a YAML mapping"), e.getMessage());
    }

    @Test
    void sizesAndDurationsAcceptUnits() {
        NodeConfig c = NodeConfigLoader.fromYaml("max-request-bytes: 2MiB\nheartbeat-interval: 1s\nelection-timeout: 10s\n", "f");
        assertEquals(2 * 1024 * 1024, c.limits().maxRequestBytes());
        assertEquals(Duration.ofSeconds(1), c.heartbeatInterval());
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("max-request-bytes: 2 pints\n", "f"));
        assertTrue(e.getMessage().startsWith("f:1: key 'max-request-bytes': expected a size"), e.getMessage());
    }
}
