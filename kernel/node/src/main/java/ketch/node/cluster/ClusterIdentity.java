package ketch.node.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;

/**
 * Who this member is and which cluster it belongs to, fixed when the data directory is created
 * (from initial-cluster and the token, as etcd does) and read back on every later start, when the
 * initial-cluster settings no longer matter.
 *
 * @param members every initial member's id and name, in initial-cluster order
 */
public record ClusterIdentity(long memberId, long clusterId, String name, Map<Long, String> members, Map<Long, List<URI>> peerUrls) {
    private static final String FILE = "identity.properties";

    /** The identity the configuration describes. */
    public static ClusterIdentity fromConfig(NodeConfig config) {
        Map<Long, String> members = new LinkedHashMap<>();
        Map<Long, List<URI>> urls = new LinkedHashMap<>();
        for (Map.Entry<String, List<URI>> m : config.initialCluster().entrySet()) {
            long id = MemberIds.memberId(m.getValue(), config.initialClusterToken());
            members.put(id, m.getKey());
            urls.put(id, m.getValue());
        }
        long self = MemberIds.memberId(config.initialAdvertisePeerUrls(), config.initialClusterToken());
        return new ClusterIdentity(self, MemberIds.clusterId(members.keySet()), config.name(), members, urls);
    }

    /**
     * The identity stored in {@code memberDir}, or, for a new directory, the configured one written
     * there. A directory of another member or cluster is refused with both identities named.
     */
    public static ClusterIdentity establish(Path memberDir, NodeConfig config) {
        ClusterIdentity configured = fromConfig(config);
        Optional<ClusterIdentity> stored = read(memberDir.resolve(FILE));
        if (stored.isEmpty()) {
            configured.write(memberDir);
            return configured;
        }
        ClusterIdentity existing = stored.get();
        if (existing.memberId != configured.memberId) {
            throw new ConfigException(memberDir + " belongs to member " + MemberIds.hex(existing.memberId) + " ('" + existing.name
                    + "') of cluster " + MemberIds.hex(existing.clusterId) + ", but this configuration (initial-advertise-peer-urls "
                    + config.initialAdvertisePeerUrls() + ", initial-cluster-token '" + config.initialClusterToken() + "') is member "
                    + MemberIds.hex(configured.memberId) + "; use that member's settings or another data-dir");
        }
        return existing;
    }

    /**
     * This identity with the cluster id the cluster replicated, written to {@code memberDir}: a
     * member that joined with initial-cluster-state existing computed its id from a member list the
     * cluster never had. Returns this identity unchanged when the ids already agree.
     */
    public ClusterIdentity learnClusterId(Path memberDir, long replicated) {
        if (replicated == clusterId) return this;
        ClusterIdentity learned = new ClusterIdentity(memberId, replicated, name, members, peerUrls);
        learned.write(memberDir);
        return learned;
    }

    private void write(Path memberDir) {
        Properties p = new Properties();
        p.setProperty("member-id", Long.toUnsignedString(memberId));
        p.setProperty("cluster-id", Long.toUnsignedString(clusterId));
        p.setProperty("name", name);
        List<String> list = new ArrayList<>();
        members.forEach((id, n) -> list.add(Long.toUnsignedString(id) + "=" + n + "=" + String.join(" ", peerUrls.get(id).stream().map(URI::toString).toList())));
        p.setProperty("members", String.join(",", list));
        try {
            Files.createDirectories(memberDir);
            Path tmp = memberDir.resolve(FILE + ".tmp");
            StringBuilder text = new StringBuilder("# Written when this data directory was created (and once more when a joining member learns the cluster id); do not edit.\n");
            p.stringPropertyNames().stream().sorted().forEach(k -> text.append(k).append('=').append(p.getProperty(k)).append('\n'));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, memberDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + memberDir.resolve(FILE), e);
        }
    }

    private static Optional<ClusterIdentity> read(Path file) {
        if (!Files.exists(file)) return Optional.empty();
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            Map<Long, String> members = new LinkedHashMap<>();
            Map<Long, List<URI>> urls = new LinkedHashMap<>();
            for (String m : p.getProperty("members").split(",")) {
                String[] parts = m.split("=", 3);
                long id = Long.parseUnsignedLong(parts[0]);
                members.put(id, parts[1]);
                urls.put(id, java.util.Arrays.stream(parts[2].split(" ")).map(URI::create).toList());
            }
            return Optional.of(new ClusterIdentity(Long.parseUnsignedLong(p.getProperty("member-id")),
                    Long.parseUnsignedLong(p.getProperty("cluster-id")), p.getProperty("name"), members, urls));
        } catch (RuntimeException e) {
            throw new ConfigException(file + " is damaged (" + e + "); restore it from a backup or start with an empty data-dir");
        }
    }
}
