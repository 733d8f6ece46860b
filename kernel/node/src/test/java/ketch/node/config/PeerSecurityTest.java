package ketch.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ketch.api.spi.PeerTls;
import org.junit.jupiter.api.Test;

/** etcd's peer TLS keys: as flags, variables, flat YAML keys and etcd's nested config-file section. */
class PeerSecurityTest {
    private static NodeConfig load(List<String> args, Map<String, String> env) {
        return NodeConfigLoader.load(CommandLine.parse(args), env);
    }

    @Test
    void noKeysMeansNoTls() {
        assertEquals(PeerTls.none(), load(List.of(), Map.of()).peerTls());
    }

    @Test
    void flagsAndVariablesAsEtcdSpellsThem() {
        NodeConfig c = load(List.of("--peer-cert-file", "p.pem", "--peer-key-file", "p.key", "--peer-client-cert-auth"),
                Map.of("ETCD_PEER_TRUSTED_CA_FILE", "ca.pem"));
        assertEquals(PeerTls.mutual(Path.of("p.pem"), Path.of("p.key"), Path.of("ca.pem")), c.peerTls());
    }

    @Test
    void etcdsNestedSectionIsRead() {
        NodeConfig c = NodeConfigLoader.fromYaml("""
                listen-peer-urls: https://127.0.0.1:2380
                peer-transport-security:
                  cert-file: p.pem
                  key-file: p.key
                  trusted-ca-file: ca.pem
                  client-cert-auth: true
                  auto-tls: false
                """, "node.yaml");
        assertEquals(PeerTls.mutual(Path.of("p.pem"), Path.of("p.key"), Path.of("ca.pem")), c.peerTls());
        NodeConfig plain = NodeConfigLoader.fromYaml("peer-transport-security:\n  client-cert-auth: false\n", "node.yaml");
        assertFalse(plain.peerTls().enabled());
    }

    @Test
    void aFlatKeyWinsOverTheNestedOne() {
        NodeConfig c = NodeConfigLoader.fromYaml("""
                peer-cert-file: flat.pem
                peer-transport-security:
                  cert-file: nested.pem
                  key-file: p.key
                """, "node.yaml");
        assertEquals(new PeerTls(Optional.of(Path.of("flat.pem")), Optional.of(Path.of("p.key")), Optional.empty(), false), c.peerTls());
    }

    @Test
    void badCombinationsAreRefusedNamingTheKeys() {
        var unknown = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("peer-transport-security:\n  cert: p.pem\n", "node.yaml"));
        assertTrue(unknown.getMessage().startsWith("node.yaml:2: unknown key 'cert' in peer-transport-security; valid keys: auto-tls, cert-file"), unknown.getMessage());
        var autoTls = assertThrows(ConfigException.class, () -> load(List.of("--peer-auto-tls"), Map.of()));
        assertTrue(autoTls.getMessage().contains("'peer-auto-tls'") && autoTls.getMessage().contains("not supported"), autoTls.getMessage());
        var nestedAuto = assertThrows(ConfigException.class, () -> NodeConfigLoader.fromYaml("peer-transport-security:\n  auto-tls: true\n", "node.yaml"));
        assertTrue(nestedAuto.getMessage().contains("'peer-auto-tls'"), nestedAuto.getMessage());
        var certOnly = assertThrows(ConfigException.class, () -> load(List.of("--peer-cert-file", "p.pem"), Map.of()));
        assertEquals("peer-cert-file is set but peer-key-file is not; set both", certOnly.getMessage());
        var authOnly = assertThrows(ConfigException.class, () -> load(List.of("--peer-cert-file", "p.pem", "--peer-key-file", "p.key", "--peer-client-cert-auth=true"), Map.of()));
        assertTrue(authOnly.getMessage().contains("peer-trusted-ca-file is not set"), authOnly.getMessage());
        var httpsWithoutCert = assertThrows(ConfigException.class, () -> load(List.of("--listen-peer-urls", "https://127.0.0.1:2380"), Map.of()));
        assertTrue(httpsWithoutCert.getMessage().startsWith("listen-peer-urls has https://127.0.0.1:2380 but peer-cert-file and peer-key-file are not set"),
                httpsWithoutCert.getMessage());
    }
}
