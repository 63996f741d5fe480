package dev.berth.engine.container;

import dev.berth.oci.error.BerthException;
import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers as docker accepts them: {@code SIGTERM}, {@code TERM}, {@code term} or {@code 15}. */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(Map.entry("HUP", 1), Map.entry("INT", 2),
            Map.entry("QUIT", 3), Map.entry("ILL", 4), Map.entry("TRAP", 5), Map.entry("ABRT", 6),
            Map.entry("IOT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8), Map.entry("KILL", 9),
            Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12), Map.entry("PIPE", 13),
            Map.entry("ALRM", 14), Map.entry("TERM", 15), Map.entry("STKFLT", 16), Map.entry("CHLD", 17),
            Map.entry("CONT", 18), Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21),
            Map.entry("TTOU", 22), Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25),
            Map.entry("VTALRM", 26), Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29),
            Map.entry("POLL", 29), Map.entry("PWR", 30), Map.entry("SYS", 31));
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private Signals() {}

    /** The number of {@code signal}; INVALID_ARGUMENT {@code Invalid signal: X} as dockerd answers. */
    public static int parse(String signal) {
        String s = signal.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        }
        String name = s.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (name.startsWith("RTMIN") || name.startsWith("RTMAX")) {
            try {
                int offset = name.length() == 5 ? 0 : Integer.parseInt(name.substring(5));
                int n = name.startsWith("RTMIN") ? 34 + offset : 64 + offset;
                if (n >= 34 && n <= 64) {
                    return n;
                }
            } catch (NumberFormatException e) {
                throw invalid(signal);
            }
        }
        Integer n = NUMBERS.get(name);
        if (n == null) {
            throw invalid(signal);
        }
        return n;
    }

    private static BerthException invalid(String signal) {
        return BerthException.invalid("Invalid signal: " + signal);
    }
}
