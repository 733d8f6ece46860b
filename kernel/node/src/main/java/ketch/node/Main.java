package ketch.node;

import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import ketch.api.env.Clock;
import ketch.api.spi.PluginConfigException;
import ketch.node.config.CommandLine;
import ketch.node.config.ConfigException;
import ketch.node.config.NodeConfig;
import ketch.node.config.NodeConfigLoader;
import ketch.node.plugin.PluginCatalog;

/** {@code bin/ketch}: starts one member from node.yaml, ETCD_* variables and etcd's flags. */
public final class Main {
    /** Exit status for a configuration the node refuses. */
    static final int BAD_CONFIG = 2;

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        LogFormat.install();
        CommandLine commandLine;
        NodeConfig config;
        try {
            commandLine = CommandLine.parse(List.of(args));
            if (commandLine.help()) {
                System.out.print(CommandLine.helpText());
                return;
            }
            if (commandLine.version()) {
                System.out.println("ketch " + version() + " (etcd API 3.4)");
                return;
            }
            config = NodeConfigLoader.load(commandLine, System.getenv());
        } catch (ConfigException e) {
            System.err.println("ketch: " + e.getMessage());
            System.exit(BAD_CONFIG);
            return;
        }
        KetchNode node;
        try {
            node = KetchNode.start(config, PluginCatalog.installed(), Clock.system());
        } catch (ConfigException | PluginConfigException e) {
            System.err.println("ketch: " + e.getMessage());
            System.exit(BAD_CONFIG);
            return;
        } catch (RuntimeException | Error e) {
            Logger.getLogger(Main.class.getName()).log(java.util.logging.Level.SEVERE, "cannot start", e);
            System.err.println("ketch: cannot start: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ketch-shutdown").unstarted(node::close));
        Optional<Throwable> failure = node.awaitStop();
        if (failure.isPresent()) {
            Logger.getLogger(Main.class.getName()).severe("stopped after a failure: " + failure.get());
            System.exit(1);
        }
    }

    private static String version() {
        return Optional.ofNullable(Main.class.getModule().getDescriptor())
                .flatMap(d -> d.rawVersion()).orElse("0.1.0-SNAPSHOT");
    }
}
