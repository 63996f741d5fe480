package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's memory sizes ({@code go-units RAMInBytes}): a decimal number and an optional binary unit b, k, m, g, t, p. */
public final class MemorySize {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(?:i?b)?",
            Pattern.CASE_INSENSITIVE);

    private MemorySize() {}

    public static long parse(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw BerthException.invalid("invalid size: '" + text + "'");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> 0;
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 50;
        };
        return (long) (value * (1L << shift));
    }
}
