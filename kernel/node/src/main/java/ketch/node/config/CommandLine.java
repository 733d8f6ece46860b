package ketch.node.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The launcher's command line, in etcd's spelling: {@code --name n1}, {@code --name=n1},
 * {@code --pre-vote} (a bare boolean flag means true), {@code --config-file FILE}.
 * Plugin sections take their type: {@code --log-store mvstore}, {@code --front-ends v3,v2}.
 */
public record CommandLine(Optional<Path> configFile, Map<String, ConfigNode> flags, boolean help, boolean version) {

    public static CommandLine parse(List<String> args) {
        Optional<Path> configFile = Optional.empty();
        Map<String, ConfigNode> flags = new LinkedHashMap<>();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("--version")) {
                version = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException("unexpected argument '" + arg + "': flags are written --name value or --name=value (see --help)");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String origin = "flag --" + name;
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (isBoolean(name) && (i + 1 == args.size() || args.get(i + 1).startsWith("--") || !isBoolWord(args.get(i + 1)))) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException(origin + ": needs a value, e.g. --" + name + "=VALUE");
            }
            if (name.equals("config-file")) {
                configFile = Optional.of(Path.of(value));
                continue;
            }
            if (Key.byName(name).isEmpty()) {
                throw new ConfigException("unknown flag --" + name + Suggest.didYouMean(name, Key.names())
                        + "; valid flags: --config-file, --" + String.join(", --", Key.names()));
            }
            if (flags.containsKey(name)) throw new ConfigException(origin + ": given twice");
            flags.put(name, new ConfigNode.Scalar(value, origin));
        }
        return new CommandLine(configFile, flags, help, version);
    }

    private static boolean isBoolean(String name) {
        // peer-auto-tls is a switch in etcd: refused as unsupported, but spelled as etcd users spell it
        return Key.byName(name).map(k -> k.kind() == Key.Kind.BOOL || k.kind() == Key.Kind.IGNORED || k == Key.PEER_AUTO_TLS).orElse(false);
    }

    private static boolean isBoolWord(String s) {
        return s.equals("true") || s.equals("false");
    }

    /** The --help text: every key with its default, generated from {@link Key}. */
    public static String helpText() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: ketch [--config-file node.yaml] [--<key> value ...]\n\n");
        out.append("Every node.yaml key is also a flag (flags override the file) and an ETCD_<KEY> variable.\n\n");
        for (Key key : Key.values()) {
            if (key.kind() == Key.Kind.IGNORED || key.kind() == Key.Kind.UNSUPPORTED) continue;
            out.append(String.format("  --%-28s %s%n", key.yamlName(), key.help()));
            out.append(String.format("  %-30s default: %s%n", "", key.defaultText()));
        }
        out.append("\nAccepted for etcd compatibility, no effect: ");
        out.append(String.join(", ", Key.names().stream().filter(n -> Key.byName(n).orElseThrow().kind() == Key.Kind.IGNORED).toList()));
        out.append("\nRefused (not supported yet): ");
        out.append(String.join(", ", Key.names().stream().filter(n -> Key.byName(n).orElseThrow().kind() == Key.Kind.UNSUPPORTED).toList()));
        out.append("\n");
        return out.toString();
    }
}
