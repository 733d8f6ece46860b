package ketch.node.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses typed values out of {@link ConfigNode}s, with errors that name the key, the place and the expectation. */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B?|B)?", Pattern.CASE_INSENSITIVE);

    private Values() {}

    public static String string(String key, ConfigNode node) {
        return switch (node) {
            case ConfigNode.Scalar s -> s.value();
            case ConfigNode.Empty e -> "";
            default -> throw wrongKind(key, node, "a single value");
        };
    }

    public static boolean bool(String key, ConfigNode node) {
        String text = string(key, node).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw bad(key, node, "true or false", text);
        };
    }

    public static long wholeNumber(String key, ConfigNode node, long min, long max) {
        String text = string(key, node).trim();
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw bad(key, node, "a whole number", text);
        }
        return inRange(key, node, value, min, max, text);
    }

    /** {@code 100ms}, {@code 5s}, {@code 2m}, {@code 1h}, or a bare number in {@code bareUnitMillis} units (etcd uses ms). */
    public static Duration duration(String key, ConfigNode node) {
        String text = string(key, node).trim();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) throw bad(key, node, "a duration such as 100ms, 5s, 2m or a number of milliseconds", text);
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw bad(key, node, "a duration that fits in 64 bits", text);
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** {@code 4096}, {@code 64KiB}, {@code 16MiB}, {@code 2GiB} (K/M/G/T are powers of 1024). */
    public static long bytes(String key, ConfigNode node, long min, long max) {
        String text = string(key, node).trim();
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) throw bad(key, node, "a size such as 1572864, 64KiB, 16MiB or 2GiB", text);
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw bad(key, node, "a size that fits in 64 bits", text);
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = unit.isEmpty() || unit.equals("B") ? 0 : switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 40;
        };
        if (amount > (Long.MAX_VALUE >> shift)) throw bad(key, node, "a size that fits in 64 bits", text);
        return inRange(key, node, amount << shift, min, max, text);
    }

    /** A list written as a YAML list or as etcd's comma-separated string. */
    public static List<String> strings(String key, ConfigNode node) {
        List<String> out = new ArrayList<>();
        switch (node) {
            case ConfigNode.Sequence seq -> {
                for (ConfigNode item : seq.items()) out.add(string(key, item).trim());
            }
            case ConfigNode.Empty e -> { }
            default -> {
                for (String part : string(key, node).split(",")) {
                    if (!part.isBlank()) out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** A list of http:// (or https://) URLs with host and port, e.g. {@code http://127.0.0.1:2379}. */
    public static List<URI> urls(String key, ConfigNode node) {
        List<URI> urls = new ArrayList<>();
        for (String text : strings(key, node)) urls.add(url(key, node, text));
        if (urls.isEmpty()) throw bad(key, node, "at least one URL such as http://127.0.0.1:2379", "nothing");
        return urls;
    }

    public static URI url(String key, ConfigNode node, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw bad(key, node, "a URL such as http://127.0.0.1:2379", text);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getPort() < 0) {
            throw bad(key, node, "a URL with scheme http or https, a host and a port, such as http://127.0.0.1:2379", text);
        }
        return uri;
    }

    public static <E extends Enum<E>> E choice(String key, ConfigNode node, Class<E> type, List<String> names) {
        String text = string(key, node).trim();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(text)) return type.getEnumConstants()[i];
        }
        throw bad(key, node, "one of " + String.join(", ", names), text);
    }

    private static long inRange(String key, ConfigNode node, long value, long min, long max, String text) {
        if (value < min || value > max) {
            throw bad(key, node, "a value from " + min + " to " + max, text);
        }
        return value;
    }

    static ConfigException bad(String key, ConfigNode node, String expected, String got) {
        return ConfigException.at(node.origin(), "key '" + key + "': expected " + expected + ", got '" + got + "'");
    }

    static ConfigException wrongKind(String key, ConfigNode node, String expected) {
        return ConfigException.at(node.origin(), "key '" + key + "': expected " + expected + ", got " + node.kind());
    }
}
