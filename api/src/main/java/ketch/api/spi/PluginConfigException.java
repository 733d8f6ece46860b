package ketch.api.spi;

/** A plugin's configuration is wrong; the message names where and what. */
public final class PluginConfigException extends RuntimeException {
    public PluginConfigException(String message) {
        super(message);
    }
}
