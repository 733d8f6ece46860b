package ketch.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ketch.api.spi.PeerTls;
import ketch.api.spi.PluginConfigException;

/**
 * etcd's peer TLS keys: the flat flags ({@code peer-cert-file}, ...) and the nested form of etcd's
 * config file ({@code peer-transport-security: {cert-file: ...}}), which is rewritten into the flat
 * keys (a flat key set elsewhere wins, as a flag overrides the file).
 */
final class PeerSecurity {
    // etcd's config-file names inside peer-transport-security -> the flat key
    private static final Map<String, Key> NESTED = Map.of(
            "cert-file", Key.PEER_CERT_FILE,
            "key-file", Key.PEER_KEY_FILE,
            "trusted-ca-file", Key.PEER_TRUSTED_CA_FILE,
            "client-cert-auth", Key.PEER_CLIENT_CERT_AUTH,
            "auto-tls", Key.PEER_AUTO_TLS);

    private PeerSecurity() {}

    /** Replaces a {@code peer-transport-security} section in {@code values} by the flat keys. */
    static void expandSection(Map<String, ConfigNode> values) {
        ConfigNode section = values.remove(Key.PEER_TRANSPORT_SECURITY.yamlName());
        if (section == null || section instanceof ConfigNode.Empty) return;
        if (!(section instanceof ConfigNode.Mapping mapping)) {
            throw Values.wrongKind(Key.PEER_TRANSPORT_SECURITY.yamlName(), section, "a section such as {cert-file: peer.pem, key-file: peer.key}");
        }
        for (Map.Entry<String, ConfigNode> e : mapping.entries().entrySet()) {
            Key flat = NESTED.get(e.getKey());
            if (flat == null) {
                throw ConfigException.at(mapping.keyOrigins().get(e.getKey()), "unknown key '" + e.getKey() + "' in peer-transport-security; valid keys: "
                        + String.join(", ", NESTED.keySet().stream().sorted().toList()));
            }
            values.putIfAbsent(flat.yamlName(), e.getValue());
        }
    }

    /** The validated peer TLS settings; an https:// listen URL needs a certificate. */
    static PeerTls peerTls(Map<String, ConfigNode> values, List<URI> listenPeerUrls) {
        Optional<Path> cert = file(values, Key.PEER_CERT_FILE);
        Optional<Path> key = file(values, Key.PEER_KEY_FILE);
        Optional<Path> ca = file(values, Key.PEER_TRUSTED_CA_FILE);
        ConfigNode auth = values.get(Key.PEER_CLIENT_CERT_AUTH.yamlName());
        boolean clientCertAuth = auth != null && Values.bool(Key.PEER_CLIENT_CERT_AUTH.yamlName(), auth);
        PeerTls tls;
        try {
            tls = new PeerTls(cert, key, ca, clientCertAuth);
        } catch (PluginConfigException e) {
            throw new ConfigException(e.getMessage());
        }
        if (!tls.enabled()) {
            for (URI url : listenPeerUrls) {
                if (isTls(url)) {
                    throw new ConfigException("listen-peer-urls has " + url + " but peer-cert-file and peer-key-file are not set;"
                            + " a TLS peer URL needs this member's certificate and key");
                }
            }
        }
        return tls;
    }

    private static boolean isTls(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) || "wss".equalsIgnoreCase(url.getScheme());
    }

    private static Optional<Path> file(Map<String, ConfigNode> values, Key key) {
        ConfigNode node = values.get(key.yamlName());
        if (node == null || node instanceof ConfigNode.Empty) return Optional.empty();
        String text = Values.string(key.yamlName(), node).trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
