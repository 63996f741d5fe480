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
}
