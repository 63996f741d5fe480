package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanSizeTest {
    @ParameterizedTest
    @CsvSource({"0, 0B", "999, 999B", "1000, 1kB", "2457, 2.46kB", "13256, 13.3kB", "1064694, 1.06MB", "2400, 2.4kB",
            "117403142, 117MB", "297693713, 298MB", "4000000000, 4GB"})
    void matchesDockerCli(long bytes, String printed) {
        assertThat(HumanSize.of(bytes)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"999999, 1e+03kB", "999499, 999kB", "0.5, 0.5B"})
    void goGeneralFormat_usesExponentsWhereGoDoes(double bytes, String printed) {
        assertThat(HumanSize.withPrecision(bytes, 3)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"682696, 682.7kB", "1984000, 1.984MB", "1024, 1.024kB"})
    void fourDigits_asProgressBarsAndVirtualSize(double bytes, String printed) {
        assertThat(HumanSize.precise(bytes)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"25275047936, 23.54GiB", "4096, 4KiB", "1023, 1023B"})
    void binaryUnits_asDockerInfoMemory(double bytes, String printed) {
        assertThat(HumanSize.binary(bytes)).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"0, Less than a second", "1, 1 second", "59, 59 seconds", "60, About a minute", "3599, 59 minutes",
            "3600, About an hour", "5400, 2 hours", "172800, 2 days", "1209600, 2 weeks", "5184000, 2 months",
            "63072000, 2 years"})
    void durations_asDockerWordsThem(long seconds, String printed) {
        assertThat(HumanDuration.of(java.time.Duration.ofSeconds(seconds))).isEqualTo(printed);
    }
}
