package dev.berth.cli.output;

/** Sizes as the docker CLI prints them (go-units {@code HumanSize}: decimal units, 3 significant digits, as `docker images` does). */
public final class HumanSize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanSize() {}

    public static String of(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        return trim(String.format(java.util.Locale.ROOT, "%.3g", size)) + UNITS[unit];
    }

    /** go's %.3g drops trailing zeros: 1.00 → 1, 2.40 → 2.4. */
    private static String trim(String number) {
        if (!number.contains(".")) {
            return number;
        }
        String t = number.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
