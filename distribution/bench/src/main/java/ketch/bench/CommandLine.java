package ketch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses etcd benchmark's command line: global flags and one sub-command with its flags, in any
 * order; {@code --flag value} or {@code --flag=value}; a bare {@code --flag} sets a boolean.
 */
final class CommandLine {

    /** A parsed invocation. */
    record Invocation(Global global, BenchCommand command) {}

    /** The flags every sub-command shares. */
    record Global(List<Endpoint> endpoints, int conns, int clients) {
        Global {
            endpoints = List.copyOf(endpoints);
        }
    }

    private enum Kind { INT, BOOL, STRING }

    private record Flag(Kind kind, String defaultValue, String help) {}

    private static final Map<String, Flag> GLOBAL = flags(
            "endpoints", string("http://127.0.0.1:2379", "comma-separated v3 JSON endpoints (http://host:port)"),
            "conns", integer(1, "total number of HTTP/1.1 connections"),
            "clients", integer(1, "total number of concurrent requests in flight"));

    private static final Map<String, Map<String, Flag>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("put", flags(
                "total", integer(10000, "total number of put requests"),
                "key-size", integer(8, "key size of put request"),
                "val-size", integer(8, "value size of put request"),
                "key-space-size", integer(1, "maximum possible keys"),
                "sequential-keys", bool("use sequential keys"),
                "rate", integer(0, "maximum puts per second (0 is no limit)")));
        COMMANDS.put("range", flags(
                "total", integer(10000, "total number of range requests"),
                "consistency", string("l", "linearizable(l) or serializable(s)"),
                "rate", integer(0, "maximum range requests per second (0 is no limit)"),
                "limit", integer(0, "maximum number of keys per response (0 is no limit)"),
                "count-only", bool("only ask for the count of keys")));
        COMMANDS.put("txn-put", flags(
                "total", integer(10000, "total number of txn requests"),
                "key-size", integer(8, "key size of txn put"),
                "val-size", integer(8, "value size of txn put"),
                "key-space-size", integer(1, "maximum possible keys"),
                "txn-ops", integer(1, "number of puts per txn"),
                "rate", integer(0, "maximum txns per second (0 is no limit)")));
        COMMANDS.put("watch", flags(
                "streams", integer(10, "total watch streams (one HTTP connection each)"),
                "watch-per-stream", integer(100, "total watchers per stream"),
                "watched-key-total", integer(1, "total number of keys to be watched"),
                "put-total", integer(1000, "number of put requests"),
                "put-rate", integer(0, "number of keys to put per second (0 is no limit)"),
                "key-size", integer(32, "key size of watch request"),
                "sequential-keys", bool("put the watched keys in order instead of at random")));
        COMMANDS.put("watch-latency", flags(
                "put-total", integer(1000, "total number of put requests"),
                "put-rate", integer(100, "number of keys to put per second"),
                "streams", integer(10, "total watch streams (one HTTP connection each)"),
                "watchers-per-stream", integer(10, "total watchers per stream"),
                "key-size", integer(32, "key size of watch response"),
                "val-size", integer(32, "value size of watch response")));
        COMMANDS.put("lease-keepalive", flags(
                "total", integer(10000, "total number of lease keepalive requests")));
    }

    private final String command;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine(String command) {
        this.command = command;
    }

    static Invocation parse(String... args) {
        int at = commandIndex(args);
        String commandName = args[at];
        Map<String, Flag> own = COMMANDS.get(commandName);
        if (own == null) {
            throw new UsageException("unknown command \"" + commandName + "\" for \"ketch-bench\"; expected one of "
                    + String.join(", ", COMMANDS.keySet()));
        }
        CommandLine line = new CommandLine(commandName);
        line.read(args, own, at);
        return new Invocation(line.global(), line.command(own));
    }

    /** The first word that is neither a flag nor the value of a global flag before it. */
    private static int commandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return i;
            }
            Flag flag = arg.startsWith("--") && !arg.contains("=") ? GLOBAL.get(arg.substring(2)) : null;
            if (flag != null && flag.kind() != Kind.BOOL) {
                i++;
            }
        }
        throw new UsageException("no sub-command given; expected one of " + String.join(", ", COMMANDS.keySet()));
    }

    private void read(String[] args, Map<String, Flag> own, int commandAt) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i == commandAt) {
                continue;
            }
            if (!arg.startsWith("-")) {
                positional.add(arg);
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unknown shorthand flag or bad argument \"" + arg + "\"; flags are --name[=value]");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            String flagName = eq < 0 ? body : body.substring(0, eq);
            Flag flag = own.containsKey(flagName) ? own.get(flagName) : GLOBAL.get(flagName);
            if (flag == null) {
                throw new UsageException("unknown flag: --" + flagName + " (for \"" + command + "\")");
            }
            String value;
            if (eq >= 0) {
                value = body.substring(eq + 1);
            } else if (flag.kind() == Kind.BOOL) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("flag needs an argument: --" + flagName);
            }
            values.put(flagName, value);
        }
    }

    private Global global() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : string("endpoints", GLOBAL).split(",")) {
            if (!part.isBlank()) {
                endpoints.add(Endpoint.parse(part));
            }
        }
        if (endpoints.isEmpty()) {
            throw new UsageException("--endpoints is empty; expected http://host:port[,http://host:port...]");
        }
        return new Global(endpoints, positive("conns", GLOBAL), positive("clients", GLOBAL));
    }

    private BenchCommand command(Map<String, Flag> own) {
        if (!command.equals("range") && !positional.isEmpty()) {
            throw new UsageException("\"" + command + "\" takes no arguments, got \"" + positional.getFirst() + "\"");
        }
        return switch (command) {
            case "put" -> new BenchCommand.Put(positive("total", own), positive("key-size", own),
                    atLeast("val-size", own, 0), positive("key-space-size", own), bool("sequential-keys", own),
                    atLeast("rate", own, 0));
            case "range" -> range(own);
            case "txn-put" -> txnPut(own);
            case "watch" -> new BenchCommand.Watch(positive("streams", own), positive("watch-per-stream", own),
                    positive("watched-key-total", own), positive("put-total", own), atLeast("put-rate", own, 0),
                    positive("key-size", own), bool("sequential-keys", own));
            case "watch-latency" -> new BenchCommand.WatchLatency(positive("put-total", own),
                    positive("put-rate", own), positive("streams", own), positive("watchers-per-stream", own),
                    positive("key-size", own), atLeast("val-size", own, 0));
            case "lease-keepalive" -> new BenchCommand.LeaseKeepalive(positive("total", own));
            default -> throw new IllegalStateException("command table and switch disagree on " + command);
        };
    }

    private BenchCommand range(Map<String, Flag> own) {
        if (positional.isEmpty() || positional.size() > 2) {
            throw new UsageException("range needs KEY [END]; got " + positional.size() + " arguments " + positional);
        }
        String consistency = string("consistency", own);
        if (!consistency.equals("l") && !consistency.equals("s")) {
            throw new UsageException("--consistency \"" + consistency + "\": expected l (linearizable) or s (serializable)");
        }
        Optional<String> end = positional.size() == 2 ? Optional.of(positional.get(1)) : Optional.empty();
        return new BenchCommand.Range(positional.getFirst(), end, consistency.equals("l"), positive("total", own),
                atLeast("rate", own, 0), atLeast("limit", own, 0), bool("count-only", own));
    }

    private BenchCommand txnPut(Map<String, Flag> own) {
        int keySpace = positive("key-space-size", own);
        int ops = positive("txn-ops", own);
        if (ops > keySpace) {
            throw new UsageException("expected --txn-ops no larger than --key-space-size, got txn-ops(" + ops
                    + ") key-space-size(" + keySpace + ")");
        }
        return new BenchCommand.TxnPut(positive("total", own), positive("key-size", own),
                atLeast("val-size", own, 0), keySpace, ops, atLeast("rate", own, 0));
    }

    private String string(String name, Map<String, Flag> table) {
        return values.getOrDefault(name, table.get(name).defaultValue());
    }

    private int integer(String name, Map<String, Flag> table) {
        String text = string(name, table);
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("invalid argument \"" + text + "\" for \"--" + name + "\" flag: expected an integer");
        }
    }

    private int positive(String name, Map<String, Flag> table) {
        return atLeast(name, table, 1);
    }

    private int atLeast(String name, Map<String, Flag> table, int min) {
        int value = integer(name, table);
        if (value < min) {
            throw new UsageException("expected " + (min == 1 ? "positive" : "non-negative") + " --" + name
                    + ", got (" + value + ")");
        }
        return value;
    }

    private boolean bool(String name, Map<String, Flag> table) {
        String text = string(name, table);
        return switch (text) {
            case "true", "1", "t", "T", "TRUE", "True" -> true;
            case "false", "0", "f", "F", "FALSE", "False" -> false;
            default -> throw new UsageException("invalid argument \"" + text + "\" for \"--" + name
                    + "\" flag: expected true or false");
        };
    }

    /** Help text: every sub-command and flag with its default. */
    static String usage() {
        StringBuilder out = new StringBuilder("""
                ketch-bench: a load tool with etcd's benchmark interface, over the v3 JSON API (HTTP/1.1).

                Usage: ketch-bench [global flags] COMMAND [flags] [args]

                Global flags:
                """);
        appendFlags(out, GLOBAL);
        COMMANDS.forEach((name, table) -> {
            out.append('\n').append(name).append(name.equals("range") ? " KEY [END]" : "").append(":\n");
            appendFlags(out, table);
        });
        return out.toString();
    }

    private static void appendFlags(StringBuilder out, Map<String, Flag> table) {
        table.forEach((name, flag) -> out.append(String.format("  --%-22s %s%s%n", name, flag.help(),
                flag.kind() == Kind.BOOL ? "" : " (default " + flag.defaultValue() + ")")));
    }

    private static Flag integer(int defaultValue, String help) {
        return new Flag(Kind.INT, Integer.toString(defaultValue), help);
    }

    private static Flag bool(String help) {
        return new Flag(Kind.BOOL, "false", help);
    }

    private static Flag string(String defaultValue, String help) {
        return new Flag(Kind.STRING, defaultValue, help);
    }

    private static Map<String, Flag> flags(Object... pairs) {
        Map<String, Flag> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Flag) pairs[i + 1]);
        }
        return map;
    }
}
