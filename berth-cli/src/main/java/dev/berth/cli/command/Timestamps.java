package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * {@code --since}/{@code --until} values as docker's {@code timetypes.GetTimestamp} sends them: a Go duration is
 * relative to now, an RFC 3339 date or date-time becomes Unix seconds, a Unix timestamp passes as is.
 */
final class Timestamps {
    private Timestamps() {}

    static String of(String value, String flag, Clock clock) {
        if (value.matches("\\d+(\\.\\d{1,9})?")) {
            return value;
        }
        if (value.matches("-?[0-9.]+(ns|us|µs|ms|s|m|h).*")) {
            Duration d = FlagValues.duration(value, "--" + flag);
            return seconds(clock.instant().minus(d));
        }
        try {
            return seconds(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return seconds(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notLocal) {
                try {
                    return seconds(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
                } catch (DateTimeParseException e) {
                    throw new CliException("invalid value for \"" + flag + "\": failed to parse value as time or "
                            + "duration: \"" + value + "\"");
                }
            }
        }
    }

    private static String seconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }
}
