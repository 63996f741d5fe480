package dev.berth.registry.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's configuration, a YAML file in the spirit of distribution's {@code config.yml}:
 *
 * <pre>
 * addr: 127.0.0.1:5000          # http.addr
 * root: /var/lib/berth-registry # storage.filesystem.rootdirectory
 * delete:
 *   enabled: true               # storage.delete.enabled: DELETE of manifests, tags and blobs (else 405)
 * log:
 *   level: info                 # error | warn | info | debug
 * </pre>
 *
 * Other top-level sections ({@code auth}, {@code tls}, {@code gc}, ...), and {@code log} for its other keys
 * ({@code log.access}), are kept as {@link #sections()} and bound by
 * the component that owns them with {@link #section}, so that each feature validates its own part.
 */
public record RegistryConfig(ListenAddress addr, Path root, Delete delete, Log log, Map<String, JsonNode> sections) {
    public static final ListenAddress DEFAULT_ADDR = ListenAddress.parse("127.0.0.1:5000");
    public static final Path DEFAULT_ROOT = Path.of("/var/lib/berth-registry");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public RegistryConfig {
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(delete, "delete");
        Objects.requireNonNull(log, "log");
        sections = Map.copyOf(sections);
    }

    /** {@code delete.enabled}: whether manifests, tags and blobs may be deleted through the API. */
    public record Delete(boolean enabled) {}

    /** {@code log.level}. */
    public record Log(LogLevel level) {
        public Log {
            Objects.requireNonNull(level, "level");
        }
    }

    /** The defaults: loopback port 5000, deletes enabled, info logging. */
    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_ADDR, DEFAULT_ROOT, new Delete(true), new Log(LogLevel.INFO), Map.of());
    }

    public RegistryConfig withAddr(ListenAddress a) {
        return new RegistryConfig(a, root, delete, log, sections);
    }

    public RegistryConfig withRoot(Path r) {
        return new RegistryConfig(addr, r, delete, log, sections);
    }

    public RegistryConfig withDelete(boolean enabled) {
        return new RegistryConfig(addr, root, new Delete(enabled), log, sections);
    }

    /** The section {@code name} bound to {@code type}, or empty when the file has none. */
    public <T> Optional<T> section(String name, Class<T> type) {
        JsonNode node = sections.get(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(YAML.treeToValue(node, type));
        } catch (JsonProcessingException e) {
            throw BerthException.invalid("config: section " + name + ": " + e.getOriginalMessage());
        }
    }

    public static RegistryConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw BerthException.io("read config " + file, e);
        } catch (BerthException e) {
            throw BerthException.wrap("config " + file, e);
        }
    }

    public static RegistryConfig parse(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw BerthException.invalid("invalid YAML: " + e.getOriginalMessage());
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return defaults();
        }
        if (!(tree instanceof ObjectNode root)) {
            throw BerthException.invalid("expected a mapping at the top level");
        }
        RegistryConfig d = defaults();
        ListenAddress addr = text(root, "addr").map(ListenAddress::parse).orElse(d.addr());
        Path dir = text(root, "root").map(Path::of).orElse(d.root());
        boolean delete = bool(root.path("delete"), "delete.enabled").orElse(d.delete().enabled());
        LogLevel level = text(root.path("log"), "level").map(LogLevel::parse).orElse(d.log().level());
        Map<String, JsonNode> sections = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "addr", "root", "delete", "version" -> { }
                default -> sections.put(e.getKey(), e.getValue());
            }
        }
        return new RegistryConfig(addr, dir, new RegistryConfig.Delete(delete), new Log(level), sections);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw BerthException.invalid(field + " must be a scalar");
        }
        return Optional.of(v.asText());
    }

    private static Optional<Boolean> bool(JsonNode node, String name) {
        JsonNode v = node.get("enabled");
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw BerthException.invalid(name + " must be true or false");
        }
        return Optional.of(v.booleanValue());
    }
}
