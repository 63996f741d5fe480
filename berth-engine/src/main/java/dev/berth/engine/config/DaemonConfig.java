package dev.berth.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The daemon's settings, after dockerd's {@code daemon.json} (same key names). A file may set any of them; command
 * line flags override the file. Keys dockerd knows but berthd does not implement are refused like unknown ones, so a
 * setting is never silently ignored.
 *
 * @param dataRoot where images and metadata live ({@code data-root})
 * @param hosts the listeners, {@code unix:///path} or {@code tcp://host:port} ({@code hosts})
 * @param registryMirrors mirrors of Docker Hub tried before it ({@code registry-mirrors})
 * @param insecureRegistries registries reached over plain http or unverified TLS ({@code insecure-registries})
 * @param maxConcurrentDownloads layers a pull downloads at once ({@code max-concurrent-downloads}, default 3)
 * @param defaultRuntime the OCI runtime containers use ({@code default-runtime}, default {@code runc})
 * @param logLevel debug, info, warn, error or fatal ({@code log-level}, default info)
 * @param tls serve TCP listeners with TLS from these files ({@code tlscert}, {@code tlskey}, {@code tlscacert})
 * @param bridge the default bridge network's settings ({@code bridge}, {@code bip}, {@code ip})
 */
public record DaemonConfig(Path dataRoot, List<String> hosts, List<String> registryMirrors,
        List<String> insecureRegistries, int maxConcurrentDownloads, String defaultRuntime, String logLevel,
        Optional<TlsFiles> tls, BridgeConfig bridge) {
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/berth");
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error", "fatal");
    private static final Set<String> KEYS = Set.of("data-root", "hosts", "registry-mirrors", "insecure-registries",
            "max-concurrent-downloads", "default-runtime", "log-level", "tlscert", "tlskey", "tlscacert", "bridge", "bip",
            "ip");

    /** Server certificate and key, and optionally the CA that client certificates must chain to. */
    public record TlsFiles(Path cert, Path key, Optional<Path> clientCa) {
        public TlsFiles {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clientCa, "clientCa");
        }
    }

    public DaemonConfig {
        Objects.requireNonNull(dataRoot, "dataRoot");
        hosts = List.copyOf(hosts);
        registryMirrors = List.copyOf(registryMirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
        Objects.requireNonNull(defaultRuntime, "defaultRuntime");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(bridge, "bridge");
        if (hosts.isEmpty()) {
            throw BerthException.invalid("no host to listen on");
        }
        hosts.forEach(ListenAddress::parse);
        if (maxConcurrentDownloads < 1) {
            throw BerthException.invalid("invalid max concurrent downloads: " + maxConcurrentDownloads);
        }
        if (!LOG_LEVELS.contains(logLevel)) {
            throw BerthException.invalid("unable to parse logging level: " + logLevel);
        }
    }

    public static DaemonConfig defaults() {
        return new DaemonConfig(DEFAULT_DATA_ROOT, List.of(DEFAULT_HOST), List.of(), List.of(), 3, "runc", "info",
                Optional.empty(), BridgeConfig.DEFAULT);
    }

    /**
     * The settings of a {@code daemon.json} file over {@code base}. Unknown keys are refused with dockerd's wording:
     * {@code the following directives don't match any configuration option: foo}.
     */
    public static DaemonConfig read(Path file, DaemonConfig base) {
        String what = "unable to configure the Docker daemon with file " + file;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw BerthException.io(what, e);
        }
        ObjectNode node;
        try {
            node = Json.object(bytes, file.toString());
        } catch (BerthException e) {
            throw BerthException.wrap(what, e);
        }
        Set<String> unknown = new TreeSet<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                unknown.add(k);
            }
        });
        if (!unknown.isEmpty()) {
            throw BerthException.invalid(what + ": the following directives don't match any configuration option: "
                    + String.join(", ", unknown));
        }
        try {
            Optional<Path> cert = text(node, "tlscert").map(Path::of);
            Optional<Path> key = text(node, "tlskey").map(Path::of);
            Optional<TlsFiles> tls = cert.isPresent() || key.isPresent()
                    ? Optional.of(new TlsFiles(cert.orElseThrow(() -> BerthException.invalid("tlscert is missing")),
                            key.orElseThrow(() -> BerthException.invalid("tlskey is missing")),
                            text(node, "tlscacert").map(Path::of)))
                    : base.tls();
            return new DaemonConfig(text(node, "data-root").map(Path::of).orElse(base.dataRoot()),
                    strings(node, "hosts").orElse(base.hosts()),
                    strings(node, "registry-mirrors").orElse(base.registryMirrors()),
                    strings(node, "insecure-registries").orElse(base.insecureRegistries()),
                    integer(node, "max-concurrent-downloads").orElse(base.maxConcurrentDownloads()),
                    text(node, "default-runtime").orElse(base.defaultRuntime()),
                    text(node, "log-level").orElse(base.logLevel()), tls,
                    new BridgeConfig(text(node, "bridge").orElse(base.bridge().bridge()),
                            text(node, "bip").or(() -> base.bridge().bip()),
                            text(node, "ip").orElse(base.bridge().ip())));
        } catch (BerthException e) {
            throw BerthException.wrap(what, e);
        }
    }

    public DaemonConfig withDataRoot(Path root) {
        return new DaemonConfig(root, hosts, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                defaultRuntime, logLevel, tls, bridge);
    }

    public DaemonConfig withHosts(List<String> h) {
        return new DaemonConfig(dataRoot, h, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                defaultRuntime, logLevel, tls, bridge);
    }

    public DaemonConfig withRegistryMirrors(List<String> m) {
        return new DaemonConfig(dataRoot, hosts, m, insecureRegistries, maxConcurrentDownloads, defaultRuntime,
                logLevel, tls, bridge);
    }

    public DaemonConfig withInsecureRegistries(List<String> r) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, r, maxConcurrentDownloads, defaultRuntime,
                logLevel, tls, bridge);
    }

    public DaemonConfig withMaxConcurrentDownloads(int n) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, insecureRegistries, n, defaultRuntime, logLevel,
                tls, bridge);
    }

    public DaemonConfig withLogLevel(String level) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                defaultRuntime, level, tls, bridge);
    }

    public DaemonConfig withDefaultRuntime(String runtime) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                runtime, logLevel, tls, bridge);
    }

    public DaemonConfig withTls(Optional<TlsFiles> files) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                defaultRuntime, logLevel, files, bridge);
    }

    public DaemonConfig withBridge(BridgeConfig b) {
        return new DaemonConfig(dataRoot, hosts, registryMirrors, insecureRegistries, maxConcurrentDownloads,
                defaultRuntime, logLevel, tls, b);
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw BerthException.invalid(key + " must be a string");
        }
        return Optional.of(v.asText());
    }

    private static Optional<Integer> integer(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isInt()) {
            throw BerthException.invalid(key + " must be an integer");
        }
        return Optional.of(v.asInt());
    }

    private static Optional<List<String>> strings(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw BerthException.invalid(key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw BerthException.invalid(key + " must be a list of strings");
            }
            out.add(e.asText());
        }
        return Optional.of(out);
    }
}
