package dev.berth.registry;

import dev.berth.registry.config.ListenAddress;
import dev.berth.registry.config.LogLevel;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.storage.RegistryStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth-registry serve [--config FILE] [--addr HOST:PORT] [--root DIR]}: serves until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the OCI Distribution API; options override the config file.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (addr, root, delete.enabled, log, auth, tls, ...)")
    Path config;

    @Option(names = "--addr", paramLabel = "HOST:PORT", description = "listen address (default 127.0.0.1:5000)")
    String addr;

    @Option(names = "--root", paramLabel = "DIR", description = "storage root (default /var/lib/berth-registry)")
    Path root;

    @Override
    public Integer call() throws InterruptedException {
        RegistryConfig c = config == null ? RegistryConfig.defaults() : RegistryConfig.load(config);
        if (addr != null) {
            c = c.withAddr(ListenAddress.parse(addr));
        }
        if (root != null) {
            c = c.withRoot(root);
        }
        configureLogging(c.log().level());
        CountDownLatch stopped = new CountDownLatch(1);
        RegistryFeatures features = RegistryFeatures.from(c, Clock.systemUTC());
        Registry registry = Registry.start(c, RegistryStorage.open(c.root()), features.hooks(),
                features.metrics()::gcRunCompleted);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                registry.close();
            } finally {
                features.close();
                stopped.countDown();
            }
        }, "registry-shutdown"));
        System.out.println("berth-registry listening on " + registry.server().address() + ", root " + c.root());
        System.out.flush();
        stopped.await();
        return 0;
    }

    static void configureLogging(LogLevel level) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new SimpleFormatter());
        console.setLevel(level.jul());
        root.addHandler(console);
        root.setLevel(level.jul());
        Logger.getLogger("io.netty").setLevel(java.util.logging.Level.WARNING);
    }
}
