package dev.berth.registry.observe;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.error.BerthException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code log.access} of the config ({@code log.level} belongs to the server's logging setup):
 *
 * <pre>
 * log:
 *   access: stdout       # stdout | stderr | off | a file path (appended to); default stdout
 * </pre>
 */
@JsonIgnoreProperties({"level"})
public record AccessLogConfig(String access) {
    public AccessLogConfig {
        Objects.requireNonNull(access, "log.access");
        if (access.isBlank()) {
            throw new IllegalArgumentException("log.access: give stdout, stderr, off or a file path");
        }
    }

    public static AccessLogConfig defaults() {
        return new AccessLogConfig("stdout");
    }

    /** YAML 1.1 reads an unquoted {@code off} (or {@code no}) as the boolean false: that is "off" too. */
    @JsonCreator
    static AccessLogConfig fromYaml(@JsonProperty("access") String access) {
        if (access == null) {
            return defaults();
        }
        return new AccessLogConfig(access.equals("false") || access.equals("no") ? "off" : access);
    }

    /** Starts the access log this section asks for; empty when it is off. */
    public Optional<AccessLog> start(RegistryMetrics metrics) {
        OutputStream out = switch (access) {
            case "off" -> null;
            case "stdout" -> System.out;
            case "stderr" -> System.err;
            default -> open(Path.of(access));
        };
        return Optional.ofNullable(out).map(o -> AccessLog.start(o, metrics));
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
