package ketch.node.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML file into {@link ConfigNode}s that remember their line, using Jackson's streaming
 * YAML parser (a tree model would lose the locations we need for error messages).
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String fileName;

    private YamlReader(String fileName) {
        this.fileName = fileName;
    }

    /** Reads {@code file}; an empty file is an empty mapping. */
    public static ConfigNode.Mapping read(Path file) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new YamlReader(name).readDocument(FACTORY.createParser(reader));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(name + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(name + ": " + firstLine(e.getMessage()));
        }
    }

    /** Reads YAML text; {@code fileName} is used in error messages. */
    public static ConfigNode.Mapping read(String text, String fileName) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return new YamlReader(fileName).readDocument(parser);
        } catch (IOException e) {
            throw new ConfigException(fileName + ": " + firstLine(e.getMessage()));
        }
    }

    private ConfigNode.Mapping readDocument(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) return new ConfigNode.Mapping(Map.of(), Map.of(), fileName + ":1");
        ConfigNode root = readValue(parser);
        if (!(root instanceof ConfigNode.Mapping mapping)) {
            throw ConfigException.at(root.origin(), "the file must be a YAML mapping of keys to values (key: value), not " + root.kind());
        }
        if (parser.nextToken() != null) {
            throw ConfigException.at(origin(parser), "only one YAML document is allowed");
        }
        return mapping;
    }

    private ConfigNode readValue(JsonParser parser) throws IOException {
        String origin = origin(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                Map<String, String> keyOrigins = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String keyOrigin = origin(parser);
                    if (entries.containsKey(key)) {
                        throw ConfigException.at(keyOrigin, "key '" + key + "' appears twice (first at " + keyOrigins.get(key) + ")");
                    }
                    parser.nextToken();
                    keyOrigins.put(key, keyOrigin);
                    entries.put(key, readValue(parser));
                }
                return new ConfigNode.Mapping(entries, keyOrigins, origin);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser));
                }
                return new ConfigNode.Sequence(items, origin);
            }
            case VALUE_NULL -> {
                return new ConfigNode.Empty(origin);
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> {
                return new ConfigNode.Scalar(parser.getText(), origin);
            }
            default -> throw ConfigException.at(origin, "unexpected YAML token " + token);
        }
    }

    private String origin(JsonParser parser) {
        return fileName + ":" + parser.currentTokenLocation().getLineNr();
    }

    private static String firstLine(String message) {
        if (message == null) return "cannot be read";
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return "not valid YAML: " + line;
    }
}
