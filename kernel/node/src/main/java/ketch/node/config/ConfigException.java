package ketch.node.config;

/** The configuration is wrong; the message names where (file and line, flag, or variable) and what. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }

    public static ConfigException at(String origin, String message) {
        return new ConfigException(origin + ": " + message);
    }
}
