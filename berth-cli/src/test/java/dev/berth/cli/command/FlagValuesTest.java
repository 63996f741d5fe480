package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.api.CliException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagValuesTest {
    @Test
    void ramInBytes_readsDockersSizes() {
        assertThat(FlagValues.ramInBytes("10m", "-m, --memory")).isEqualTo(10L << 20);
        assertThat(FlagValues.ramInBytes("1.5g", "-m, --memory")).isEqualTo(3L << 29);
        assertThat(FlagValues.ramInBytes("512", "-m, --memory")).isEqualTo(512);
        assertThat(FlagValues.ramInBytes("64KiB", "-m, --memory")).isEqualTo(64L << 10);
        assertThatThrownBy(() -> FlagValues.ramInBytes("lots", "-m, --memory")).isInstanceOf(CliException.class)
                .hasMessage("invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'");
    }

    @Test
    void ramInBytes_failsWithGoUnitsWords() {
        assertThat(FlagValues.ramInBytes("6 MB", "-m, --memory")).isEqualTo(6L << 20);
        assertThat(FlagValues.ramInBytes("7b", "-m, --memory")).isEqualTo(7);
        assertThat(FlagValues.ramInBytes("2P", "-m, --memory")).isEqualTo(2L << 50);
        assertThat(FlagValues.ramInBytes("1.5e3", "-m, --memory")).isEqualTo(1500);
        assertThat(FlagValues.ramInBytes("3k", "--shm-size")).isEqualTo(3072);
        assertThatThrownBy(() -> FlagValues.ramInBytes("1x", "-m, --memory"))
                .hasMessage("invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'");
        assertThatThrownBy(() -> FlagValues.ramInBytes("1KB2", "-m, --memory")).hasMessageEndingWith(
                "strconv.ParseFloat: parsing \"1KB2\": invalid syntax");
        assertThatThrownBy(() -> FlagValues.ramInBytes("1mbb", "-m, --memory")).hasMessageEndingWith(
                "invalid suffix: 'mbb'");
        assertThatThrownBy(() -> FlagValues.ramInBytes("-1", "-m, --memory")).hasMessageEndingWith(
                "invalid size: '-1'");
    }

    @Test
    void nanoCpus() {
        assertThat(FlagValues.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
        assertThat(FlagValues.nanoCpus("0.001")).isEqualTo(1_000_000L);
        assertThatThrownBy(() -> FlagValues.nanoCpus("x"))
                .hasMessage("invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number");
    }

    @Test
    void duration_readsGoDurations() {
        assertThat(FlagValues.duration("1m30s", "--health-interval")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FlagValues.duration("500ms", "--health-interval")).isEqualTo(Duration.ofMillis(500));
        assertThat(FlagValues.duration("1.5h", "--health-interval")).isEqualTo(Duration.ofMinutes(90));
        assertThat(FlagValues.duration("-1s", "--health-interval")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(FlagValues.duration("0", "--health-interval")).isZero();
        assertThatThrownBy(() -> FlagValues.duration("10", "--health-interval"))
                .hasMessage("invalid argument \"10\" for \"--health-interval\" flag: time: invalid duration \"10\"");
    }

    @Test
    void env_takesUnsetValuesFromTheEnvironment() {
        Map<String, String> env = Map.of("HOME", "/root");
        assertThat(FlagValues.env("A=1=2", "-e, --env", env)).isEqualTo("A=1=2");
        assertThat(FlagValues.env("HOME", "-e, --env", env)).isEqualTo("HOME=/root");
        assertThat(FlagValues.env("UNSET", "-e, --env", env)).isEqualTo("UNSET");
        assertThatThrownBy(() -> FlagValues.env("=x", "-e, --env", env))
                .hasMessage("invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x");
    }
}
