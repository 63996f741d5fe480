package dev.berth.cli.output;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as Go's {@code time.Time.String()} prints them in the local zone: {@code 2025-01-01 00:00:00 +0000 UTC}. */
public final class GoTime {
    private static final DateTimeFormatter STRING = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    private GoTime() {}

    public static String string(Instant t) {
        return STRING.format(t.atZone(ZoneId.systemDefault()));
    }
}
