package ketch.node.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node.yaml value with the place it came from, so every error can name file and line. */
public sealed interface ConfigNode {
    /** e.g. {@code node.yaml:12}, {@code --name flag}, {@code ETCD_NAME}. */
    String origin();

    /** What kind of value this is, for "expected X, got Y" messages. */
    String kind();

    record Scalar(String value, String origin) implements ConfigNode {
        @Override
        public String kind() {
            return "a value";
        }
    }

    record Sequence(List<ConfigNode> items, String origin) implements ConfigNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; keys keep file order, each with the origin of the key itself. */
    record Mapping(Map<String, ConfigNode> entries, Map<String, String> keyOrigins, String origin) implements ConfigNode {
        public Mapping {
            entries = new LinkedHashMap<>(entries);
            keyOrigins = new LinkedHashMap<>(keyOrigins);
        }

        @Override
        public String kind() {
            return "a section (key: value lines)";
        }
    }

    /** An explicit {@code null} or empty value, e.g. {@code key:} with nothing after it. */
    record Empty(String origin) implements ConfigNode {
        @Override
        public String kind() {
            return "an empty value";
        }
    }
}
