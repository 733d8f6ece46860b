package ketch.node.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every top-level node.yaml key. The etcd ones are spelled as etcd's flags and YAML config file
 * spell them, so an etcd user's config, flags and ETCD_* variables carry over.
 */
public enum Key {
    NAME("name", Kind.STRING, "default", "Human-readable name of this member; its key in initial-cluster."),
    DATA_DIR("data-dir", Kind.STRING, "ketch-data", "Directory for the log, snapshots and other data."),
    LISTEN_CLIENT_URLS("listen-client-urls", Kind.URLS, "http://127.0.0.1:2379", "URLs to listen on for client traffic (comma-separated or a YAML list)."),
    ADVERTISE_CLIENT_URLS("advertise-client-urls", Kind.URLS, "listen-client-urls", "Client URLs published to the rest of the cluster."),
    LISTEN_PEER_URLS("listen-peer-urls", Kind.URLS, "http://127.0.0.1:2380", "URLs to listen on for peer (Raft) traffic."),
    INITIAL_ADVERTISE_PEER_URLS("initial-advertise-peer-urls", Kind.URLS, "listen-peer-urls", "This member's peer URLs as the rest of the cluster reaches them."),
    INITIAL_CLUSTER("initial-cluster", Kind.STRING, "<name>=<initial-advertise-peer-urls>", "The bootstrap cluster, as name=url[,name=url...]; only read the first time a member starts."),
    INITIAL_CLUSTER_STATE("initial-cluster-state", Kind.STRING, "new", "new to bootstrap a cluster, existing to join one (after member add)."),
    INITIAL_CLUSTER_TOKEN("initial-cluster-token", Kind.STRING, "etcd-cluster", "Unique per cluster; feeds the member and cluster ids exactly as in etcd."),
    HEARTBEAT_INTERVAL("heartbeat-interval", Kind.DURATION, "100", "Raft tick and heartbeat interval, in ms (or 100ms, 1s)."),
    ELECTION_TIMEOUT("election-timeout", Kind.DURATION, "1000", "Raft election timeout, in ms (or 1s); at least 5x heartbeat-interval, at most 50000."),
    SNAPSHOT_COUNT("snapshot-count", Kind.NUMBER, "100000", "Applied entries between state-machine snapshots (the log is compacted behind them)."),
    SNAPSHOT_CATCHUP_ENTRIES("snapshot-catchup-entries", Kind.NUMBER, "5000", "Entries kept in the log behind a snapshot so a slightly lagging follower catches up without one (etcd 3.5: experimental-snapshot-catchup-entries)."),
    PRE_VOTE("pre-vote", Kind.BOOL, "true", "Raft pre-vote: a partitioned member cannot disrupt the cluster when it returns (etcd's default is false)."),
    WATCH_PROGRESS_NOTIFY_INTERVAL("experimental-watch-progress-notify-interval", Kind.DURATION, "10m", "How often an idle watch created with progress_notify is sent the current revision (etcd 3.4's flag)."),
    MAX_REQUEST_BYTES("max-request-bytes", Kind.SIZE, "1572864", "Largest client request accepted (1.5 MiB)."),
    MAX_TXN_OPS("max-txn-ops", Kind.NUMBER, "128", "Most operations in one txn."),
    QUOTA_BACKEND_BYTES("quota-backend-bytes", Kind.SIZE, "0 (2 GiB)", "Keyspace size that raises the NOSPACE alarm; 0 means 2 GiB."),
    LOG_STORE("log-store", Kind.PLUGIN, "{type: lmdb}", "The Raft log store plugin and its settings."),
    BACKEND("backend", Kind.PLUGIN, "{type: memory}", "Where the MVCC keyspace lives: memory (rebuilt from snapshot + log), lmdb or mvstore (persisted; restart replays only the log after it)."),
    TRANSPORT("transport", Kind.PLUGIN, "{type: tcp}", "The peer transport plugin and its settings."),
    FRONT_ENDS("front-ends", Kind.PLUGIN_LIST, "every installed front end", "The client front ends to serve on the client URLs, each {type: ..., ...}."),
    PEER_CERT_FILE("peer-cert-file", Kind.STRING, "", "PEM certificate chain this member presents to peers (as server and as client); needed for https:// peer URLs."),
    PEER_KEY_FILE("peer-key-file", Kind.STRING, "", "PEM private key (PKCS#8, 'BEGIN PRIVATE KEY') of peer-cert-file."),
    PEER_TRUSTED_CA_FILE("peer-trusted-ca-file", Kind.STRING, "", "PEM CA certificates a peer's certificate must chain to (default: the JDK's trusted CAs)."),
    PEER_CLIENT_CERT_AUTH("peer-client-cert-auth", Kind.BOOL, "false", "Refuse peer connections without a certificate signed by peer-trusted-ca-file."),
    PEER_TRANSPORT_SECURITY("peer-transport-security", Kind.SECTION, "", "etcd's config-file form of the peer TLS keys: {cert-file, key-file, trusted-ca-file, client-cert-auth}."),
    // etcd keys accepted so configs carry over, with no effect in Ketch (logged at start).
    ENABLE_V2("enable-v2", Kind.IGNORED, "", "etcd: serve the v2 API. Ketch serves it when the v2 front end is listed in front-ends."),
    STRICT_RECONFIG_CHECK("strict-reconfig-check", Kind.IGNORED, "", "etcd: Ketch always rejects membership changes that would lose quorum."),
    MAX_SNAPSHOTS("max-snapshots", Kind.IGNORED, "", "etcd: Ketch keeps the newest snapshots it needs."),
    MAX_WALS("max-wals", Kind.IGNORED, "", "etcd: the log store manages its files."),
    LOGGER("logger", Kind.IGNORED, "", "etcd: logging is java.util.logging in Ketch."),
    LOG_LEVEL("log-level", Kind.IGNORED, "", "etcd: logging is java.util.logging in Ketch."),
    LOG_OUTPUTS("log-outputs", Kind.IGNORED, "", "etcd: Ketch logs to standard error."),
    DEBUG("debug", Kind.IGNORED, "", "etcd: deprecated there."),
    ENABLE_PPROF("enable-pprof", Kind.IGNORED, "", "etcd: Go profiling; use JFR with Ketch."),
    METRICS("metrics", Kind.IGNORED, "", "etcd: metrics detail."),
    ENABLE_GRPC_GATEWAY("enable-grpc-gateway", Kind.IGNORED, "", "etcd: the JSON gateway is the v3 front end in Ketch."),
    CORS("cors", Kind.IGNORED, "", "etcd: Ketch answers every origin, as etcd's default."),
    // etcd keys whose features Ketch does not have yet: refused when set, never silently ignored.
    WAL_DIR("wal-dir", Kind.UNSUPPORTED, "", "etcd: a separate WAL directory; set the log store's directory instead."),
    CLIENT_TRANSPORT_SECURITY("client-transport-security", Kind.UNSUPPORTED, "", "etcd: client TLS."),
    PEER_AUTO_TLS("peer-auto-tls", Kind.UNSUPPORTED, "", "etcd: self-signed peer certificates made at start; make certificates once (docs/cluster.md) and set peer-cert-file, peer-key-file, peer-trusted-ca-file"),
    DISCOVERY("discovery", Kind.UNSUPPORTED, "", "etcd: discovery service bootstrap."),
    PROXY("proxy", Kind.UNSUPPORTED, "", "etcd: v2 proxy mode."),
    FORCE_NEW_CLUSTER("force-new-cluster", Kind.UNSUPPORTED, "", "etcd: unsafe single-member recovery."),
    AUTO_COMPACTION_MODE("auto-compaction-mode", Kind.UNSUPPORTED, "", "etcd: automatic compaction."),
    AUTO_COMPACTION_RETENTION("auto-compaction-retention", Kind.UNSUPPORTED, "", "etcd: automatic compaction.");

    /** How a key's value is written. */
    public enum Kind { STRING, URLS, DURATION, NUMBER, BOOL, SIZE, PLUGIN, PLUGIN_LIST, SECTION, IGNORED, UNSUPPORTED }

    private final String yamlName;
    private final Kind kind;
    private final String defaultText;
    private final String help;

    Key(String yamlName, Kind kind, String defaultText, String help) {
        this.yamlName = yamlName;
        this.kind = kind;
        this.defaultText = defaultText;
        this.help = help;
    }

    public String yamlName() {
        return yamlName;
    }

    public Kind kind() {
        return kind;
    }

    public String defaultText() {
        return defaultText;
    }

    public String help() {
        return help;
    }

    /** etcd's environment variable for this key, e.g. {@code ETCD_INITIAL_CLUSTER}. */
    public String envName() {
        return "ETCD_" + yamlName.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    public static Optional<Key> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Key::yamlName).toList();
    }
}
