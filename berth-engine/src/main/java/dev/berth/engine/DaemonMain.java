package dev.berth.engine;

import dev.berth.engine.config.DaemonConfig;
import dev.berth.oci.BerthVersion;
import dev.berth.oci.error.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berthd}: reads {@code --config} (daemon.json keys), lets flags override it, starts the {@link Daemon} and
 * runs until SIGTERM or SIGINT, then shuts down cleanly (listeners closed, database closed, lock released).
 */
@Command(name = "berthd", mixinStandardHelpOptions = true, versionProvider = DaemonMain.Version.class,
        description = "The Berth daemon: serves the Docker Engine API and manages images, containers, networks and volumes.")
public final class DaemonMain implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "daemon.json-style configuration file")
    Optional<Path> configFile;

    @Option(names = "--data-root", paramLabel = "DIR", description = "root of persistent state (default /var/lib/berth)")
    Optional<Path> dataRoot;

    @Option(names = {"-H", "--host"}, paramLabel = "ADDR",
            description = "listen on unix:///path or tcp://host:port (repeatable; default unix:///run/berth/berth.sock)")
    List<String> hosts;

    @Option(names = "--registry-mirror", paramLabel = "URL", description = "preferred Docker Hub mirror (repeatable)")
    List<String> mirrors;

    @Option(names = "--insecure-registry", paramLabel = "HOST", description = "registry reached without TLS verification (repeatable)")
    List<String> insecure;

    @Option(names = "--max-concurrent-downloads", paramLabel = "N", description = "layers a pull downloads at once (default 3)")
    Optional<Integer> maxDownloads;

    @Option(names = "--default-runtime", paramLabel = "NAME", description = "OCI runtime of containers (default runc)")
    Optional<String> defaultRuntime;

    @Option(names = {"-b", "--bridge"}, paramLabel = "NAME", description = "Linux bridge of network bridge (default berth0)")
    Optional<String> bridge;

    @Option(names = "--bip", paramLabel = "CIDR", description = "address and prefix of the default bridge, e.g. 172.17.0.1/16")
    Optional<String> bip;

    @Option(names = "--ip", paramLabel = "IP", description = "host address published ports bind by default (default 0.0.0.0)")
    Optional<String> ip;

    @Option(names = {"-l", "--log-level"}, paramLabel = "LEVEL", description = "debug, info, warn, error, fatal")
    Optional<String> logLevel;

    @Option(names = "--tlscert", paramLabel = "FILE", description = "TLS certificate of TCP listeners")
    Optional<Path> tlsCert;

    @Option(names = "--tlskey", paramLabel = "FILE", description = "TLS key of TCP listeners")
    Optional<Path> tlsKey;

    @Option(names = "--tlscacert", paramLabel = "FILE", description = "CA that client certificates must chain to")
    Optional<Path> tlsCa;

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig config;
        Daemon daemon;
        try {
            config = config();
            configureLogging(config.logLevel());
            daemon = Daemon.start(config);
        } catch (BerthException e) {
            System.err.println("failed to start daemon: " + e.getMessage());
            return 1;
        }
        Logger.getLogger("berthd").info("API listening on " + String.join(", ", config.hosts()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.getLogger("berthd").info("Processing signal 'terminated'");
            daemon.close();
            stopped.countDown();
        }, "berthd-shutdown"));
        stopped.await();
        return 0;
    }

    DaemonConfig config() {
        DaemonConfig c = DaemonConfig.defaults();
        if (configFile.isPresent()) {
            c = DaemonConfig.read(configFile.get(), c);
        }
        if (dataRoot.isPresent()) {
            c = c.withDataRoot(dataRoot.get());
        }
        if (hosts != null && !hosts.isEmpty()) {
            c = c.withHosts(hosts);
        }
        if (mirrors != null && !mirrors.isEmpty()) {
            c = c.withRegistryMirrors(mirrors);
        }
        if (insecure != null && !insecure.isEmpty()) {
            c = c.withInsecureRegistries(insecure);
        }
        if (maxDownloads.isPresent()) {
            c = c.withMaxConcurrentDownloads(maxDownloads.get());
        }
        if (defaultRuntime.isPresent()) {
            c = c.withDefaultRuntime(defaultRuntime.get());
        }
        if (logLevel.isPresent()) {
            c = c.withLogLevel(logLevel.get());
        }
        if (bridge.isPresent() || bip.isPresent() || ip.isPresent()) {
            dev.berth.engine.config.BridgeConfig b = c.bridge();
            c = c.withBridge(new dev.berth.engine.config.BridgeConfig(bridge.orElse(b.bridge()),
                    bip.or(b::bip), ip.orElse(b.ip())));
        }
        if (tlsCert.isPresent() || tlsKey.isPresent()) {
            c = c.withTls(Optional.of(new DaemonConfig.TlsFiles(
                    tlsCert.orElseThrow(() -> BerthException.invalid("--tlskey needs --tlscert")),
                    tlsKey.orElseThrow(() -> BerthException.invalid("--tlscert needs --tlskey")), tlsCa)));
        }
        return c;
    }

    private static void configureLogging(String level) {
        Level l = switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        root.setLevel(l);
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(l);
        root.addHandler(console);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DaemonMain()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return BerthVersion.versionLines("berthd");
        }
    }
}
