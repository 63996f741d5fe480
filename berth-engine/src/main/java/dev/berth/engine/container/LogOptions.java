package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.runtime.LogSettings;
import dev.berth.oci.error.BerthException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A create request's {@code HostConfig.LogConfig} ({@code --log-driver}, {@code --log-opt}) as conmon can keep it,
 * checked as dockerd checks it (its json-file and local drivers' options and errors).
 *
 * <p>conmon writes one k8s-file and, given {@code --log-size-max}, starts it over when the next write would pass the
 * size; with {@code max-file} above 1 berthd keeps the files it starts over from (the runtime's log rotator), as
 * json-file keeps {@code ctr-json.log.1} and on. {@code local} without options has dockerd's defaults: 5 files of
 * 20 MiB. {@code compress} is taken and checked as dockerd checks it, but rotated files are kept as they are: the
 * log's bound on disk (max-size times max-file) holds either way, and docker documents compress as saving space
 * within it, not as a bound.
 */
public final class LogOptions {
    /** The options dockerd's json-file driver takes (also berthd's own name for its log, k8s-file). */
    private static final List<String> JSON_FILE = List.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");
    private static final List<String> LOCAL = List.of("max-file", "max-size", "compress");
    /** Options that only add attributes to {@code docker logs --details}, which berthd does not show. */
    private static final List<String> DETAILS = List.of("labels", "labels-regex", "env", "env-regex", "tag");
    /** The local driver's defaults: 5 files of 20 MiB (dockerd's daemon/logger/local). */
    private static final String LOCAL_MAX_FILE = "5";
    private static final String LOCAL_MAX_SIZE = "20971520";
    /** docker's size syntax (go-units FromHumanSize): decimal multiples, an optional i and b ignored. */
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private LogOptions() {}

    /** The log {@code logConfig} asks for; INVALID_ARGUMENT with dockerd's message when it cannot be kept. */
    public static LogSettings settings(JsonNode logConfig) {
        String driver = logConfig.path("Type").asText("");
        Map<String, String> options = new LinkedHashMap<>();
        logConfig.path("Config").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        return switch (driver) {
            // dockerd takes any option with none: there is no logger to give them to.
            case "none" -> LogSettings.NONE;
            case "", "json-file", "k8s-file" -> file(driver, options, JSON_FILE, "1", null);
            case "local" -> file(driver, options, LOCAL, LOCAL_MAX_FILE, LOCAL_MAX_SIZE);
            default -> throw BerthException.invalid("logging driver \"" + driver + "\" is not supported by berthd"
                    + " (it keeps json-file-like logs for docker logs, or none)");
        };
    }

    private static LogSettings file(String driver, Map<String, String> options, List<String> known,
            String defaultMaxFile, String defaultMaxSize) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw BerthException.invalid(driver.equals("local")
                        ? "unknown log opt '" + key + "' for log driver local"
                        : "unknown log opt '" + key + "' for json-file log driver");
            }
        }
        boolean local = driver.equals("local");
        String sizeText = options.getOrDefault("max-size", defaultMaxSize);
        OptionalLong maxSize = sizeText == null ? OptionalLong.empty() : OptionalLong.of(size(sizeText));
        String fileText = options.getOrDefault("max-file", defaultMaxFile);
        int maxFiles;
        try {
            maxFiles = Integer.parseInt(fileText);
        } catch (NumberFormatException e) {
            throw initFailed("strconv.Atoi: parsing \"" + fileText + "\": invalid syntax");
        }
        if (maxFiles < 1) {
            throw initFailed("max-file cannot be less than 1");
        }
        String compressText = options.get("compress");
        // local compresses by default, json-file not.
        boolean compress = local;
        if (compressText != null) {
            compress = switch (compressText) {
                case "1", "t", "T", "true", "TRUE", "True" -> true;
                case "0", "f", "F", "false", "FALSE", "False" -> false;
                default -> throw initFailed("strconv.ParseBool: parsing \"" + compressText + "\": invalid syntax");
            };
        }
        if (local && compress && maxFiles == 1) {
            throw initFailed("compression cannot be enabled when max file count is 1");
        }
        if (!local && compress && (maxFiles == 1 || maxSize.isEmpty())) {
            throw initFailed("compress cannot be true when max-file is less than 2 or max-size is not set");
        }
        for (String key : DETAILS) {
            if (options.containsKey(key) && !options.get(key).isEmpty()) {
                throw BerthException.invalid("--log-opt " + key + " (HostConfig.LogConfig.Config) is not supported"
                        + " by berthd (docker logs --details is not)");
            }
        }
        if (maxSize.isEmpty()) {
            // Without a size json-file never rotates: max-file has nothing to count.
            return LogSettings.UNBOUNDED;
        }
        return LogSettings.bounded(maxSize.getAsLong(), maxFiles);
    }

    /** docker's {@code units.FromHumanSize}: {@code 10k} is 10000 bytes, {@code 1.5m} 1500000. */
    static long size(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw initFailed("invalid size: '" + text + "'");
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2).toLowerCase()) {
            case "k" -> 1000L;
            case "m" -> 1000L * 1000;
            case "g" -> 1000L * 1000 * 1000;
            case "t" -> 1000L * 1000 * 1000 * 1000;
            case "p" -> 1000L * 1000 * 1000 * 1000 * 1000;
            default -> 1L;
        };
        long size;
        try {
            size = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        } catch (NumberFormatException e) {
            throw initFailed("invalid size: '" + text + "'");
        }
        if (size <= 0) {
            throw initFailed("max-size must be a positive number");
        }
        return size;
    }

    private static BerthException initFailed(String message) {
        return BerthException.invalid("failed to initialize logging driver: " + message);
    }
}
