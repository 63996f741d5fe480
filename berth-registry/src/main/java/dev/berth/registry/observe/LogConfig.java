package dev.berth.registry.observe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.error.BerthException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code log} section.
 *
 * <pre>
 * log:
 *   level: info          # error | warn | info | debug; default info
 *   access: stdout       # stdout | stderr | off | a file path (appended to); default stdout
 * </pre>
 */
public record LogConfig(System.Logger.Level level, String access) {
    public LogConfig {
        Objects.requireNonNull(level, "log.level");
        Objects.requireNonNull(access, "log.access");
        if (access.isBlank()) {
            throw new IllegalArgumentException("log.access: give stdout, stderr, off or a file path");
        }
    }

    public static LogConfig defaults() {
        return new LogConfig(System.Logger.Level.INFO, "stdout");
    }

    @JsonCreator
    static LogConfig fromYaml(@JsonProperty("level") String level, @JsonProperty("access") String access) {
        return new LogConfig(level == null ? System.Logger.Level.INFO : parseLevel(level),
                access == null ? "stdout" : access);
    }

    static System.Logger.Level parseLevel(String level) {
        return switch (level.toLowerCase(Locale.ROOT)) {
            case "error" -> System.Logger.Level.ERROR;
            case "warn", "warning" -> System.Logger.Level.WARNING;
            case "info" -> System.Logger.Level.INFO;
            case "debug" -> System.Logger.Level.DEBUG;
            default -> throw new IllegalArgumentException("log.level: expected error, warn, info or debug, got "
                    + level);
        };
    }

    /** Starts the access log this section asks for; empty when it is off. */
    public Optional<AccessLog> startAccessLog(RegistryMetrics metrics) {
        OutputStream out = switch (access) {
            case "off" -> null;
            case "stdout" -> System.out;
            case "stderr" -> System.err;
            default -> open(Path.of(access));
        };
        return out == null ? Optional.empty() : Optional.of(AccessLog.start(out, metrics));
    }

    private static OutputStream open(Path file) {
        try {
            return new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw BerthException.io("open access log " + file, e);
        }
    }
}
