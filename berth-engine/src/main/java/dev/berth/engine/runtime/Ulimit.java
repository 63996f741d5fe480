package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.Locale;
import java.util.Set;

/**
 * A resource limit ({@code --ulimit nofile=1024:2048}): the rlimit name without {@code RLIMIT_}, soft and hard values
 * (setrlimit(2)); {@code -1} is unlimited, as in Docker's grammar.
 */
public record Ulimit(String name, long soft, long hard) {
    private static final Set<String> NAMES = Set.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue",
            "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack", "as");

    public Ulimit {
        if (!NAMES.contains(name)) {
            throw BerthException.invalid("invalid ulimit type: " + name);
        }
        if (hard != -1 && (soft == -1 || soft > hard)) {
            throw BerthException.invalid("ulimit soft limit must be less than or equal to hard limit: "
                    + soft + " > " + hard);
        }
    }

    /** Parses {@code name=soft[:hard]} (hard defaults to soft). */
    public static Ulimit parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw BerthException.invalid("invalid ulimit argument: " + text);
        }
        String name = text.substring(0, eq).toLowerCase(Locale.ROOT);
        String[] values = text.substring(eq + 1).split(":", -1);
        if (values.length > 2) {
            throw BerthException.invalid("too many limit value arguments - " + text.substring(eq + 1)
                    + ", can only have up to two, `soft[:hard]`");
        }
        try {
            long soft = Long.parseLong(values[0]);
            long hard = values.length == 2 ? Long.parseLong(values[1]) : soft;
            return new Ulimit(name, soft, hard);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid ulimit argument: " + text);
        }
    }

    /** The OCI runtime spec's {@code process.rlimits[].type}. */
    public String rlimitType() {
        return "RLIMIT_" + name.toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + "=" + soft + ":" + hard;
    }
}
