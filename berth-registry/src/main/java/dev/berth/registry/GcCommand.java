package dev.berth.registry;

import dev.berth.oci.error.BerthException;
import dev.berth.registry.config.ConfigDuration;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcConfig;
import dev.berth.registry.gc.GcOptions;
import dev.berth.registry.gc.GcReport;
import dev.berth.registry.storage.RegistryStorage;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth-registry gc}: one garbage collection of a registry's storage, safe beside a registry serving the same
 * root (see {@link GarbageCollector}). Prints what it marks and deletes like distribution's {@code garbage-collect}.
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Delete untagged manifests and the blobs no manifest references, while the registry keeps "
                + "serving.")
final class GcCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The registry's YAML config.")
    Optional<Path> config;

    @Option(names = "--root", paramLabel = "DIR", description = "The storage root (overrides the config's root).")
    Optional<Path> root;

    @Option(names = {"-d", "--dry-run"}, description = "Print what would be deleted, delete nothing.")
    boolean dryRun;

    @Option(names = "--grace", paramLabel = "DURATION",
            description = "Keep what was pushed less than this long ago, e.g. 1h or 0 "
                    + "(default: the config's gc.grace, else 1h).")
    Optional<String> grace;

    @Override
    public Integer call() {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        try {
            RegistryConfig cfg = config.map(RegistryConfig::load).orElseGet(RegistryConfig::defaults);
            Path dir = root.orElse(cfg.root());
            GcOptions options = GcConfig.from(cfg).options();
            options = options.withDryRun(dryRun || options.dryRun());
            if (grace.isPresent()) {
                options = options.withGrace(ConfigDuration.parse("--grace", grace.get()));
            }
            GarbageCollector collector = new GarbageCollector(RegistryStorage.open(dir), out::println);
            GcReport report = collector.collect(options);
            out.println(report.summary());
            return 0;
        } catch (BerthException e) {
            System.err.println("berth-registry gc: " + e.getMessage());
            return 1;
        }
    }
}
