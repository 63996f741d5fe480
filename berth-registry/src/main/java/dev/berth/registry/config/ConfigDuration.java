package dev.berth.registry.config;

import dev.berth.oci.error.BerthException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as in distribution's {@code config.yml} (Go's {@code time.ParseDuration}): a sequence of numbers
 * with units {@code ms}, {@code s}, {@code m}, {@code h}, e.g. {@code 24h}, {@code 1h30m}, {@code 500ms}; and
 * {@code 0}.
 */
public final class ConfigDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private ConfigDuration() {}

    public static Duration parse(String field, String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw BerthException.invalid(field + ": invalid duration \"" + text
                    + "\": expected e.g. 24h, 1h30m, 10s or 500ms");
        }
        return total;
    }
}
