package dev.berth.cli.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
        return goG(size, precision) + units[unit];
    }

    /**
     * Go's {@code %.Ng}: N significant digits, trailing zeros dropped, and exponent form when the exponent is below
     * -4 or at least N — so 999999 bytes at 3 digits is {@code 1e+03kB}, as docker prints it.
     */
    static String goG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String sign = exponent < 0 ? "-" : "+";
            return plain(mantissa) + "e" + sign + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return plain(rounded.stripTrailingZeros());
    }

    private static String plain(BigDecimal d) {
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
