package dev.berth.cli.command;

import dev.berth.cli.BerthMain;
import dev.berth.cli.api.CliException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flag values the docker CLI checks before it calls the daemon, with its flag library's wording:
 * {@code invalid argument "foo" for "-m, --memory" flag: invalid size: 'foo'} (exit 125).
 */
final class FlagValues {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private FlagValues() {}

    static FlagException invalid(String value, String flag, String reason) {
        return new FlagException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + reason);
    }

    /**
     * go-units {@code RAMInBytes}: a number, an optional space, and an optional binary unit — {@code k m g t p}, alone
     * or with {@code b} or {@code ib} (k = 1024), or a lone {@code b} — with its two messages: {@code invalid size}
     * when there is no number or it is negative, {@code invalid suffix} naming the unit it does not know.
     */
    static long ramInBytes(String value, String flag) {
        int sep = lastIndexOfAny(value, "01234567890. ");
        if (sep < 0) {
            throw invalid(value, flag, "invalid size: '" + value + "'");
        }
        String number = value.charAt(sep) == ' ' ? value.substring(0, sep) : value.substring(0, sep + 1);
        String suffix = value.substring(sep + 1).toLowerCase(Locale.ROOT);
        double size;
        try {
            size = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw invalid(value, flag, "strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
        }
        if (size < 0) {
            throw invalid(value, flag, "invalid size: '" + value + "'");
        }
        if (suffix.isEmpty() || suffix.equals("b")) {
            return (long) size;
        }
        int shift = "kmgtp".indexOf(suffix.charAt(0));
        boolean unit = shift >= 0 && (suffix.length() == 1 || suffix.substring(1).equals("b")
                || suffix.substring(1).equals("ib"));
        if (!unit) {
            throw invalid(value, flag, "invalid suffix: '" + suffix + "'");
        }
        return (long) (size * (1L << (10 * (shift + 1))));
    }

    private static int lastIndexOfAny(String s, String chars) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code --cpus 1.5} as nano-CPUs. */
    static long nanoCpus(String value) {
        try {
            BigDecimal cpus = new BigDecimal(value);
            BigDecimal nano = cpus.movePointRight(9);
            if (nano.scale() > 0 && nano.stripTrailingZeros().scale() > 0) {
                throw invalid(value, "--cpus", "value is too precise");
            }
            return nano.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(value, "--cpus", "failed to parse " + value + " as a rational number");
        }
    }

    /** Go's {@code time.ParseDuration}: e.g. {@code 1m30s}, {@code 500ms}. */
    static Duration duration(String value, String flag) {
        String text = value;
        boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            text = text.substring(1);
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION_PART.matcher(text);
        int at = 0;
        long nanos = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw invalid(value, flag, "time: invalid duration \"" + value + "\"");
            }
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += n.multiply(BigDecimal.valueOf(unit)).longValue();
            at = m.end();
        }
        if (text.isEmpty()) {
            throw invalid(value, flag, "time: invalid duration \"" + value + "\"");
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    /** {@code -e KEY=VALUE}, or {@code -e KEY} taken from berth's environment when set there. */
    static String env(String value, String flag, Map<String, String> environment) {
        int eq = value.indexOf('=');
        String key = eq < 0 ? value : value.substring(0, eq);
        if (key.isEmpty()) {
            throw invalid(value, flag, "invalid environment variable: " + value);
        }
        if (eq >= 0) {
            return value;
        }
        String fromEnv = environment.get(key);
        return fromEnv == null ? value : key + "=" + fromEnv;
    }

    static long int64(String value, String flag) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(value, flag, "strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
        }
    }
}
