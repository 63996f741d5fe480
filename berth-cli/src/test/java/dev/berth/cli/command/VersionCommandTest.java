package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
    @Test
    void ansic_isGosLayout() {
        assertThat(VersionCommand.ansic("2026-05-07T21:09:36.123456789Z")).isEqualTo("Thu May  7 21:09:36 2026");
        assertThat(VersionCommand.ansic("2023-12-25T01:02:03+01:00")).isEqualTo("Mon Dec 25 01:02:03 2023");
    }

    @Test
    void ansic_keepsWhatIsNoRfc3339Time() {
        assertThat(VersionCommand.ansic("unknown")).isEqualTo("unknown");
    }

    @Property(tries = 500)
    void ansic_matchesTheFormatterWithNames(@ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond) {
        OffsetDateTime t = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
        assertThat(VersionCommand.ansic(t.toString()))
                .isEqualTo(t.format(DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)));
    }
}
