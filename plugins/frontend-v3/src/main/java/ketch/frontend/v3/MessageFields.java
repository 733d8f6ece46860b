package ketch.frontend.v3;

import java.util.HashMap;
import java.util.Map;

/**
 * The JSON names of one proto message's fields, in proto order: each field answers to its proto
 * name and to protoc's lowerCamel JSON name ({@code range_end} and {@code rangeEnd}).
 */
final class MessageFields {
    private final Map<String, Integer> codes = new HashMap<>();
    private final int size;

    private MessageFields(String... protoNames) {
        size = protoNames.length;
        for (int i = 0; i < protoNames.length; i++) {
            codes.put(protoNames[i], i << 1);
            codes.put(lowerCamel(protoNames[i]), i << 1 | 1); // also overwrites a one-word name: same field
        }
    }

    static MessageFields of(String... protoNames) {
        return new MessageFields(protoNames);
    }

    int size() {
        return size;
    }

    /** {@code index << 1 | camel}, or -1 for a name the message does not have (ignored, as jsonpb does). */
    int lookup(String jsonName) {
        Integer code = codes.get(jsonName);
        return code == null ? -1 : code;
    }

    static String lowerCamel(String protoName) {
        StringBuilder out = new StringBuilder(protoName.length());
        boolean upper = false;
        for (int i = 0; i < protoName.length(); i++) {
            char c = protoName.charAt(i);
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
