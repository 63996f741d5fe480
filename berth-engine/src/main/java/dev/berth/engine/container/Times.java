package dev.berth.engine.container;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Optional;

/** Docker's time stamps: Go's RFC 3339 with nanoseconds, trailing zeros of the fraction dropped, UTC. */
public final class Times {
    /** Go's zero time, which docker shows for a container never started or never finished. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private Times() {}

    public static String format(Instant t) {
        String seconds = DateTimeFormatter.ISO_INSTANT.format(t.with(ChronoField.NANO_OF_SECOND, 0));
        if (t.getNano() == 0) {
            return seconds;
        }
        String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return seconds.substring(0, seconds.length() - 1) + "." + fraction + "Z";
    }

    public static String format(Optional<Instant> t) {
        return t.map(Times::format).orElse(ZERO);
    }

    /** Parses what {@link #format} wrote; Go's zero time is absent. */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isEmpty() || text.equals(ZERO)) {
            return Optional.empty();
        }
        return Optional.of(Instant.parse(text));
    }
}
