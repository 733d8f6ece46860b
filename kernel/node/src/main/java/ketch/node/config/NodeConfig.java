package ketch.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ketch.api.kv.Limits;
import ketch.api.spi.PeerTls;

/**
 * A node's validated configuration: etcd's settings plus the plugin sections. Built by
 * {@link NodeConfigLoader} from node.yaml, ETCD_* variables and flags, or from code.
 *
 * @param initialCluster member name to peer URLs, in the order written
 * @param frontEnds empty means "every installed front end with its defaults"
 * @param peerTls etcd's peer-cert-file, peer-key-file, peer-trusted-ca-file and peer-client-cert-auth
 */
public record NodeConfig(
        String name,
        Path dataDir,
        List<URI> listenClientUrls,
        List<URI> advertiseClientUrls,
        List<URI> listenPeerUrls,
        List<URI> initialAdvertisePeerUrls,
        Map<String, List<URI>> initialCluster,
        ClusterState initialClusterState,
        String initialClusterToken,
        Duration heartbeatInterval,
        Duration electionTimeout,
        long snapshotCount,
        long snapshotCatchupEntries,
        boolean preVote,
        Duration watchProgressNotifyInterval,
        Limits limits,
        SectionConfig logStore,
        SectionConfig backend,
        SectionConfig transport,
        List<SectionConfig> frontEnds,
        List<String> warnings,
        PeerTls peerTls) {

    public NodeConfig {
        listenClientUrls = List.copyOf(listenClientUrls);
        advertiseClientUrls = List.copyOf(advertiseClientUrls);
        listenPeerUrls = List.copyOf(listenPeerUrls);
        initialAdvertisePeerUrls = List.copyOf(initialAdvertisePeerUrls);
        initialCluster = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(initialCluster));
        frontEnds = List.copyOf(frontEnds);
        warnings = List.copyOf(warnings);
    }

    /** Raft ticks per election timeout: the tick is the heartbeat interval, as in etcd. */
    public int electionTicks() {
        return (int) (electionTimeout.toMillis() / heartbeatInterval.toMillis());
    }
}
