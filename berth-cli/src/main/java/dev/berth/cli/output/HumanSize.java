package dev.berth.cli.output;

import java.util.Locale;

/**
 * Sizes as the docker CLI prints them (go-units {@code HumanSizeWithPrecision}: decimal units, {@code %.Ng}).
 * {@link #of} is {@code docker images}' 3 significant digits; {@link #precise} is go-units' {@code HumanSize}
 * (4 digits), used by progress bars, {@code VirtualSize} and {@code system df}.
 */
public final class HumanSize {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private HumanSize() {}

    public static String of(long bytes) {
        return withPrecision(bytes, 3);
    }

    public static String precise(double bytes) {
        return withPrecision(bytes, 4);
    }

    public static String withPrecision(double size, int precision) {
        return scaled(size, precision, 1000, UNITS);
    }

    /** go-units {@code BytesSize}: binary units (KiB, MiB, GiB), 4 significant digits, as {@code docker info}. */
    public static String binary(double bytes) {
        return scaled(bytes, 4, 1024, BINARY_UNITS);
    }

    private static String scaled(double size, int precision, double base, String[] units) {
        int unit = 0;
        while (size >= base && unit < units.length - 1) {
            size /= base;
            unit++;
        }
        return trim(String.format(Locale.ROOT, "%." + precision + "g", size)) + units[unit];
    }

    /** go's %g drops trailing zeros: 1.00 → 1, 2.40 → 2.4. */
    private static String trim(String number) {
        if (!number.contains(".") || number.contains("e")) {
            return number;
        }
        String t = number.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
