package ketch.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ketch.api.kv.Limits;

/**
 * Builds a {@link NodeConfig} from node.yaml, then ETCD_* environment variables, then flags (each
 * overriding the one before), then defaults. Every error names where the bad value was written.
 */
public final class NodeConfigLoader {
    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

    private final Map<String, ConfigNode> values = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private NodeConfigLoader() {}

    /** Loads the configuration for a command line and environment. */
    public static NodeConfig load(CommandLine commandLine, Map<String, String> env) {
        NodeConfigLoader loader = new NodeConfigLoader();
        commandLine.configFile().ifPresent(file -> loader.addFile(YamlReader.read(file)));
        loader.addEnv(env);
        loader.values.putAll(commandLine.flags());
        return loader.build();
    }

    /** Loads a node.yaml given as text (for tests and embedding). */
    public static NodeConfig fromYaml(String yaml, String fileName) {
        NodeConfigLoader loader = new NodeConfigLoader();
        loader.addFile(YamlReader.read(yaml, fileName));
        return loader.build();
    }

    private void addFile(ConfigNode.Mapping file) {
        for (Map.Entry<String, ConfigNode> e : file.entries().entrySet()) {
            String key = e.getKey();
            if (Key.byName(key).isEmpty()) {
                throw ConfigException.at(file.keyOrigins().get(key), "unknown key '" + key + "'"
                        + Suggest.didYouMean(key, Key.names()) + "; valid keys: " + String.join(", ", Key.names()));
            }
            values.put(key, e.getValue());
        }
    }

    private void addEnv(Map<String, String> env) {
        for (Key key : Key.values()) {
            String value = env.get(key.envName());
            if (value != null) values.put(key.yamlName(), new ConfigNode.Scalar(value, "variable " + key.envName()));
        }
    }

    private NodeConfig build() {
        PeerSecurity.expandSection(values);
        for (Key key : Key.values()) {
            ConfigNode node = values.get(key.yamlName());
            if (node == null) continue;
            if (key.kind() == Key.Kind.IGNORED) {
                warnings.add(node.origin() + ": '" + key.yamlName() + "' has no effect in Ketch (" + key.help() + ")");
            } else if (key.kind() == Key.Kind.UNSUPPORTED && !isEmptyValue(node)) {
                throw ConfigException.at(node.origin(), "'" + key.yamlName() + "' (" + key.help() + ") is not supported by Ketch yet; remove it");
            }
        }
        String name = string(Key.NAME).orElse("default");
        if (name.isBlank()) throw bad(Key.NAME, "a non-empty name", name);
        Path dataDir = Path.of(string(Key.DATA_DIR).orElse("ketch-data"));
        List<URI> listenClient = urls(Key.LISTEN_CLIENT_URLS).orElse(List.of(URI.create("http://127.0.0.1:2379")));
        List<URI> advertiseClient = urls(Key.ADVERTISE_CLIENT_URLS).orElse(listenClient);
        List<URI> listenPeer = urls(Key.LISTEN_PEER_URLS).orElse(List.of(URI.create("http://127.0.0.1:2380")));
        List<URI> advertisePeer = urls(Key.INITIAL_ADVERTISE_PEER_URLS).orElse(listenPeer);
        Map<String, List<URI>> initialCluster = initialCluster(name, advertisePeer);
        ClusterState state = node(Key.INITIAL_CLUSTER_STATE)
                .map(n -> Values.choice(Key.INITIAL_CLUSTER_STATE.yamlName(), n, ClusterState.class, List.of("new", "existing")))
                .orElse(ClusterState.NEW);
        String token = string(Key.INITIAL_CLUSTER_TOKEN).orElse("etcd-cluster");
        Duration heartbeat = duration(Key.HEARTBEAT_INTERVAL).orElse(Duration.ofMillis(100));
        Duration election = duration(Key.ELECTION_TIMEOUT).orElse(Duration.ofMillis(1000));
        if (heartbeat.toMillis() < 1) throw bad(Key.HEARTBEAT_INTERVAL, "at least 1ms", heartbeat.toMillis() + "ms");
        if (election.toMillis() > 50_000) throw bad(Key.ELECTION_TIMEOUT, "at most 50000 ms", election.toMillis() + "ms");
        if (election.toMillis() < 5 * heartbeat.toMillis()) {
            throw bad(Key.ELECTION_TIMEOUT, "at least 5 x heartbeat-interval (" + 5 * heartbeat.toMillis() + "ms)", election.toMillis() + "ms");
        }
        long snapshotCount = number(Key.SNAPSHOT_COUNT, 1, Long.MAX_VALUE).orElse(100_000L);
        long catchup = number(Key.SNAPSHOT_CATCHUP_ENTRIES, 1, Long.MAX_VALUE).orElse(5_000L);
        boolean preVote = node(Key.PRE_VOTE).map(n -> Values.bool(Key.PRE_VOTE.yamlName(), n)).orElse(true);
        Duration progressNotify = duration(Key.WATCH_PROGRESS_NOTIFY_INTERVAL).orElse(Duration.ofMinutes(10));
        if (progressNotify.toMillis() < 1) throw bad(Key.WATCH_PROGRESS_NOTIFY_INTERVAL, "at least 1ms", progressNotify.toMillis() + "ms");
        long maxRequestBytes = size(Key.MAX_REQUEST_BYTES, 1, 64L * 1024 * 1024).orElse(Limits.DEFAULTS.maxRequestBytes());
        int maxTxnOps = (int) (long) number(Key.MAX_TXN_OPS, 1, 1_000_000).orElse((long) Limits.DEFAULTS.maxTxnOps());
        long quota = size(Key.QUOTA_BACKEND_BYTES, 0, Long.MAX_VALUE).orElse(0L);
        Limits limits = new Limits(maxRequestBytes, maxTxnOps, quota == 0 ? TWO_GIB : quota);
        SectionConfig logStore = section(Key.LOG_STORE, "lmdb"); // chosen by measurement: docs/adr-default-log-store.md
        SectionConfig backend = section(Key.BACKEND, "memory");
        SectionConfig transport = section(Key.TRANSPORT, "tcp");
        List<SectionConfig> frontEnds = frontEnds();
        return new NodeConfig(name, dataDir, listenClient, advertiseClient, listenPeer, advertisePeer, initialCluster, state, token,
                heartbeat, election, snapshotCount, catchup, preVote, progressNotify, limits, logStore, backend, transport, frontEnds, warnings,
                PeerSecurity.peerTls(values, listenPeer));
    }

    private Map<String, List<URI>> initialCluster(String name, List<URI> advertisePeer) {
        Optional<ConfigNode> node = node(Key.INITIAL_CLUSTER);
        if (node.isEmpty()) return Map.of(name, advertisePeer);
        String keyName = Key.INITIAL_CLUSTER.yamlName();
        Map<String, List<URI>> cluster = new LinkedHashMap<>();
        for (String member : Values.strings(keyName, node.get())) {
            int eq = member.indexOf('=');
            if (eq <= 0) throw Values.bad(keyName, node.get(), "name=url entries such as n1=http://127.0.0.1:2380", member);
            String memberName = member.substring(0, eq).trim();
            URI url = Values.url(keyName, node.get(), member.substring(eq + 1).trim());
            cluster.computeIfAbsent(memberName, k -> new ArrayList<>()).add(url);
        }
        List<URI> mine = cluster.get(name);
        if (mine == null) {
            throw ConfigException.at(node.get().origin(), "initial-cluster has no entry for this member's name '" + name
                    + "'; members listed: " + String.join(", ", cluster.keySet()));
        }
        if (!new java.util.HashSet<>(mine).equals(new java.util.HashSet<>(advertisePeer))) {
            throw ConfigException.at(node.get().origin(), "initial-cluster lists " + mine + " for '" + name
                    + "' but initial-advertise-peer-urls is " + advertisePeer + "; they must match");
        }
        return cluster;
    }

    private SectionConfig section(Key key, String defaultType) {
        return node(key).map(n -> SectionConfig.parse(key.yamlName(), n))
                .orElse(SectionConfig.ofType(key.yamlName(), defaultType, "built-in default " + key.yamlName()));
    }

    private List<SectionConfig> frontEnds() {
        Optional<ConfigNode> node = node(Key.FRONT_ENDS);
        if (node.isEmpty()) return List.of();
        String keyName = Key.FRONT_ENDS.yamlName();
        List<SectionConfig> out = new ArrayList<>();
        switch (node.get()) {
            case ConfigNode.Sequence seq -> {
                for (ConfigNode item : seq.items()) out.add(SectionConfig.parse(keyName, item));
            }
            case ConfigNode.Scalar s -> {
                for (String type : Values.strings(keyName, s)) out.add(SectionConfig.ofType(keyName, type, s.origin()));
            }
            default -> throw Values.wrongKind(keyName, node.get(), "a list such as [{type: v3}]");
        }
        if (out.isEmpty()) throw Values.bad(keyName, node.get(), "at least one front end", "an empty list");
        return out;
    }

    private Optional<ConfigNode> node(Key key) {
        return Optional.ofNullable(values.get(key.yamlName()));
    }

    private Optional<String> string(Key key) {
        return node(key).map(n -> Values.string(key.yamlName(), n).trim());
    }

    private Optional<List<URI>> urls(Key key) {
        return node(key).map(n -> Values.urls(key.yamlName(), n));
    }

    private Optional<Duration> duration(Key key) {
        return node(key).map(n -> Values.duration(key.yamlName(), n));
    }

    private Optional<Long> number(Key key, long min, long max) {
        return node(key).map(n -> Values.wholeNumber(key.yamlName(), n, min, max));
    }

    private Optional<Long> size(Key key, long min, long max) {
        return node(key).map(n -> Values.bytes(key.yamlName(), n, min, max));
    }

    private ConfigException bad(Key key, String expected, String got) {
        ConfigNode node = values.get(key.yamlName());
        return node == null ? new ConfigException("key '" + key.yamlName() + "': expected " + expected + ", got " + got)
                : Values.bad(key.yamlName(), node, expected, got);
    }

    private static boolean isEmptyValue(ConfigNode node) {
        return switch (node) {
            case ConfigNode.Empty e -> true;
            case ConfigNode.Scalar s -> s.value().isBlank() || s.value().equals("false");
            case ConfigNode.Mapping m -> m.entries().isEmpty();
            case ConfigNode.Sequence q -> q.items().isEmpty();
        };
    }
}
